using MlNetDeep.Data;

namespace MlNetDeep;

/// <summary>
/// A column a row-to-row transformer adds: its definition, the input columns it reads, and
/// how to make its getter (a <see cref="ValueGetter{TValue}"/> of the column's raw type) from
/// a cursor over the input.
/// </summary>
/// <param name="Name">Output column name (hides an input column of the same name).</param>
/// <param name="Type">Output type.</param>
/// <param name="Annotations">Output annotations, or null.</param>
/// <param name="Inputs">Input columns the getter reads.</param>
/// <param name="MakeGetter">Creates the getter over an input cursor that has <paramref name="Inputs"/> active.</param>
public sealed record MappedColumn(string Name, DataViewType Type, IReadOnlyDictionary<string, object>? Annotations,
    IReadOnlyList<DataViewSchema.Column> Inputs, Func<DataViewRowCursor, Delegate> MakeGetter);
