using MlNetDeep.Data.Model;
using MlNetDeep.Model;
namespace MlNetDeep.Data.Transforms;

/// <summary>The fitted MapValueToKey: maps values to the keys learned by <see cref="ValueToKeyMappingEstimator"/>.</summary>
public sealed class ValueToKeyMappingTransformer : OneToOneTransformerBase, IModelComponent
{
    private readonly KeyMap[] _maps;

    internal ValueToKeyMappingTransformer((string, string)[] columns, KeyMap[] maps) : base(columns) => _maps = maps;

    /// <summary>The learned value names of the column pair at <paramref name="index"/>.</summary>
    public IReadOnlyList<string> GetKeyValues(int index) => _maps[index].Names;

    private protected override string ExpectedInput => ValueToKeyMappingEstimator.Expected;

    /// <summary>The key getter (uint or VBuffer&lt;uint&gt;) of pair <paramref name="pairIndex"/> over <paramref name="input"/>.</summary>
    internal Delegate KeyGetter(int pairIndex, DataViewRowCursor cursor, DataViewSchema.Column input) => _maps[pairIndex].MakeGetter(cursor, input);

    private protected override MappedColumn MapColumn(DataViewSchema.Column input, string outputName, int pairIndex)
    {
        if (!ValueToKeyMappingEstimator.Accepts(input.Type) || ColumnTypes.ItemType(input.Type) is KeyDataViewType)
            throw new SchemaMismatchException(input.Name, ExpectedInput, input.Type.ToString());
        var map = _maps[pairIndex];
        var key = new KeyDataViewType((ulong)map.Names.Length);
        DataViewType type = input.Type is VectorDataViewType v
            ? (v.IsKnownSize ? new VectorDataViewType(key, v.Dimensions.ToArray()) : new VectorDataViewType(key))
            : key;
        var annotations = new Dictionary<string, object> { [AnnotationNames.KeyValues] = map.Names };
        return new MappedColumn(outputName, type, annotations, [input], c => map.MakeGetter(c, input));
    }

    /// <inheritdoc />
    public string ComponentName => DataComponents.ValueToKey;

    /// <inheritdoc />
    public void Save(ModelSaveContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.WriteJson("state.json", DataComponents.Pairs(this), DataJson.Default.Pairs);
        context.WriteJson("maps.json", _maps.Select(m => m.ToState()).ToArray(), DataJson.Default.KeyMaps);
    }

    internal static ITransformer Load(ModelLoadContext c)
    {
        var pairs = DataComponents.Tuples(c.ReadJson("state.json", DataJson.Default.Pairs), c, "state.json");
        var maps = c.ReadJson("maps.json", DataJson.Default.KeyMaps);
        if (maps.Length != pairs.Length) throw c.Error("maps.json", $"{maps.Length} key maps for {pairs.Length} columns");
        return new ValueToKeyMappingTransformer(pairs, maps.Select(m => KeyMap.FromState(m ?? throw c.Error("maps.json", "a key map is null"))).ToArray());
    }
}
