using Microsoft.ML;

namespace MlNetDeep.Models;

/// <summary>A model bound to one input schema: the output schema (the input's columns, then the model's) and where the feature column is.</summary>
internal sealed record BoundModel(DeepModelBase Model, DataViewSchema Input, DataViewSchema Output, IReadOnlyList<OutputColumn> Columns, DataViewSchema.Column Feature)
{
    /// <summary>Whether <paramref name="column"/> of the output schema is one the model adds.</summary>
    internal bool IsAdded(DataViewSchema.Column column) => column.Index >= Input.Count;

    /// <summary>The index among the added columns.</summary>
    internal int AddedIndex(DataViewSchema.Column column) => column.Index - Input.Count;

    /// <summary>The typed getter of added column <paramref name="column"/> over <paramref name="output"/>.</summary>
    /// <exception cref="InvalidOperationException"><typeparamref name="TValue"/> is not the column's type.</exception>
    internal ValueGetter<TValue> Getter<TValue>(DataViewSchema.Column column, RowOutput output) =>
        Columns[AddedIndex(column)].Getter(output) as ValueGetter<TValue>
        ?? throw new InvalidOperationException($"Column '{column.Name}' is {column.Type}; it cannot be read as {typeof(TValue).Name}.");
}
