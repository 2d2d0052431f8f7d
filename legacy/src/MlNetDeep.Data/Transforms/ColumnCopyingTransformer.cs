using MlNetDeep.Data.Model;
using MlNetDeep.Model;
using System.Reflection;

namespace MlNetDeep.Data.Transforms;

/// <summary>Copies columns under new names (the copy has the same type and annotations). Learns nothing; also its own estimator.</summary>
public sealed class ColumnCopyingTransformer : TrivialOneToOneTransformer<ColumnCopyingTransformer>, IModelComponent
{
    /// <summary>Creates the transformer.</summary>
    public ColumnCopyingTransformer(params (string OutputColumnName, string InputColumnName)[] columns) : base(columns) { }

    private protected override string ExpectedInput => "a column of any type";

    private static readonly MethodInfo Pass = typeof(ColumnCopyingTransformer).GetMethod(nameof(PassGetter), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static Delegate PassGetter<T>(DataViewRowCursor c, DataViewSchema.Column col) => c.GetGetter<T>(col);

    private protected override MappedColumn MapColumn(DataViewSchema.Column input, string outputName, int pairIndex) =>
        new(outputName, input.Type, input.Annotations, [input], c => (Delegate)Pass.MakeGenericMethod(input.Type.RawType).Invoke(null, System.Reflection.BindingFlags.DoNotWrapExceptions, null, [c, input], null)!);

    /// <inheritdoc />
    public override SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        return inputSchema.With(Columns.Select(c => inputSchema.Require(c.InputColumnName, ExpectedInput) with { Name = c.OutputColumnName }).ToArray());
    }

    /// <inheritdoc />
    public string ComponentName => DataComponents.CopyColumns;

    /// <inheritdoc />
    public void Save(ModelSaveContext context) => context.WriteJson("state.json", DataComponents.Pairs(this), DataJson.Default.Pairs);
}
