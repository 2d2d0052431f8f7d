using MlNetDeep.Data.Model;
using MlNetDeep.Model;
namespace MlNetDeep.Data.Transforms;

/// <summary>The fitted normalizer: applies each slot's learned function (see <see cref="NormalizingEstimator"/>).</summary>
public sealed class NormalizingTransformer : OneToOneTransformerBase, IModelComponent
{
    private readonly SlotNormalizer[][] _functions;

    internal NormalizingTransformer((string, string)[] columns, SlotNormalizer[][] functions) : base(columns) => _functions = functions;

    private protected override string ExpectedInput => NormalizingEstimator.Expected;

    private protected override MappedColumn MapColumn(DataViewSchema.Column input, string outputName, int pairIndex)
    {
        var fns = _functions[pairIndex];
        if (!ColumnTypes.IsSingleOrVector(input.Type) || ColumnTypes.SlotCount(input.Type) != fns.Length)
            throw new SchemaMismatchException(input.Name, fns.Length == 1 ? "Single" : $"Vector<Single, {fns.Length}> (the size seen while fitting)", input.Type.ToString());
        return SingleSlotMapping.Column(input, outputName, (i, x) => fns[i].Apply(x));
    }

    /// <inheritdoc />
    public string ComponentName => DataComponents.Normalize;

    /// <inheritdoc />
    public void Save(ModelSaveContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.WriteJson("state.json", DataComponents.Pairs(this), DataJson.Default.Pairs);
        context.WriteJson("slots.json", _functions, DataJson.Default.SlotNormalizers);
    }

    internal static ITransformer Load(ModelLoadContext c)
    {
        var pairs = DataComponents.Tuples(c.ReadJson("state.json", DataJson.Default.Pairs), c, "state.json");
        var slots = c.ReadJson("slots.json", DataJson.Default.SlotNormalizers);
        if (slots.Length != pairs.Length || slots.Any(s => s is not { Length: > 0 } || s.Any(x => x is null || !x.IsValid)))
            throw c.Error("slots.json", "per-slot normalizers are missing or invalid");
        return new NormalizingTransformer(pairs, slots);
    }
}
