using MlNetDeep.Data.Model;
using MlNetDeep.Model;
namespace MlNetDeep.Data.Transforms;

/// <summary>The fitted missing-value replacement (see <see cref="ReplaceMissingValuesEstimator"/>).</summary>
public sealed class ReplaceMissingValuesTransformer : OneToOneTransformerBase, IModelComponent
{
    private readonly float[][] _fills;

    internal ReplaceMissingValuesTransformer((string, string)[] columns, float[][] fills) : base(columns) => _fills = fills;

    /// <summary>The learned replacement of each slot of the pair at <paramref name="index"/>.</summary>
    public IReadOnlyList<float> GetReplacements(int index) => _fills[index];

    private protected override string ExpectedInput => NormalizingEstimator.Expected;

    private protected override MappedColumn MapColumn(DataViewSchema.Column input, string outputName, int pairIndex)
    {
        float[] fill = _fills[pairIndex];
        if (!ColumnTypes.IsSingleOrVector(input.Type) || ColumnTypes.SlotCount(input.Type) != fill.Length)
            throw new SchemaMismatchException(input.Name, fill.Length == 1 ? "Single" : $"Vector<Single, {fill.Length}>", input.Type.ToString());
        return SingleSlotMapping.Column(input, outputName, (i, x) => float.IsNaN(x) ? fill[i] : x);
    }

    /// <inheritdoc />
    public string ComponentName => DataComponents.ReplaceMissing;

    /// <inheritdoc />
    public void Save(ModelSaveContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.WriteJson("state.json", DataComponents.Pairs(this), DataJson.Default.Pairs);
        context.WriteJson("fills.json", _fills, DataJson.Default.Fills);
    }

    internal static ITransformer Load(ModelLoadContext c)
    {
        var pairs = DataComponents.Tuples(c.ReadJson("state.json", DataJson.Default.Pairs), c, "state.json");
        var fills = c.ReadJson("fills.json", DataJson.Default.Fills);
        if (fills.Length != pairs.Length || fills.Any(f => f is not { Length: > 0 })) throw c.Error("fills.json", "replacement values are missing");
        return new ReplaceMissingValuesTransformer(pairs, fills);
    }
}
