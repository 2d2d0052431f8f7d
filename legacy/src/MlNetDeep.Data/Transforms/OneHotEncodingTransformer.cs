using MlNetDeep.Data.Model;
using MlNetDeep.Model;
namespace MlNetDeep.Data.Transforms;

/// <summary>The fitted one-hot encoder (see <see cref="OneHotEncodingEstimator"/>).</summary>
public sealed class OneHotEncodingTransformer : OneToOneTransformerBase, IModelComponent
{
    private readonly ValueToKeyMappingTransformer _keys;

    internal OneHotEncodingTransformer((string, string)[] columns, ValueToKeyMappingTransformer keys) : base(columns) => _keys = keys;

    private protected override string ExpectedInput => ValueToKeyMappingEstimator.Expected;

    private protected override MappedColumn MapColumn(DataViewSchema.Column input, string outputName, int pairIndex)
    {
        // Reuse the key mapper's getter for this input, then expand keys into indicators.
        if (!ValueToKeyMappingEstimator.Accepts(input.Type) || ColumnTypes.ItemType(input.Type) is KeyDataViewType)
            throw new SchemaMismatchException(input.Name, ExpectedInput, input.Type.ToString());
        var names = _keys.GetKeyValues(pairIndex);
        int size = names.Count;
        Func<DataViewRowCursor, Delegate> mapped = c => _keys.KeyGetter(pairIndex, c, input);
        var annotations = new Dictionary<string, object> { [AnnotationNames.SlotNames] = names.ToArray() };
        return new MappedColumn(outputName, new VectorDataViewType(NumberDataViewType.Single, size), annotations, [input], c =>
        {
            var get = mapped(c);
            if (get is ValueGetter<uint> scalar)
            {
                uint k = 0;
                return (ValueGetter<VBuffer<float>>)((ref VBuffer<float> dst) =>
                {
                    scalar(ref k);
                    float[] buf = dst.Reuse(size);
                    Array.Clear(buf, 0, size);
                    if (k > 0) buf[k - 1] = 1;
                    dst = new VBuffer<float>(size, buf);
                });
            }
            var vector = (ValueGetter<VBuffer<uint>>)get;
            var keys = default(VBuffer<uint>);
            return (ValueGetter<VBuffer<float>>)((ref VBuffer<float> dst) =>
            {
                vector(ref keys);
                float[] buf = dst.Reuse(size);
                Array.Clear(buf, 0, size);
                foreach (uint k in keys.GetValues()) if (k > 0) buf[k - 1] += 1;
                dst = new VBuffer<float>(size, buf);
            });
        });
    }

    /// <inheritdoc />
    public string ComponentName => DataComponents.OneHot;

    /// <inheritdoc />
    public void Save(ModelSaveContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.WriteJson("state.json", DataComponents.Pairs(this), DataJson.Default.Pairs);
        context.WriteJson("keys.json", context.SaveComponent(_keys), DataJson.Default.String);
    }

    internal static ITransformer Load(ModelLoadContext c)
    {
        var pairs = DataComponents.Tuples(c.ReadJson("state.json", DataJson.Default.Pairs), c, "state.json");
        if (c.LoadComponent(c.ReadJson("keys.json", DataJson.Default.String)) is not ValueToKeyMappingTransformer keys || keys.Columns.Count != pairs.Length)
            throw c.Error("keys.json", "the key mapping component is missing or does not match the columns");
        return new OneHotEncodingTransformer(pairs, keys);
    }
}
