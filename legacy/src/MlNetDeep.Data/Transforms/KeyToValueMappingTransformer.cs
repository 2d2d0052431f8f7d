using MlNetDeep.Data.Model;
using MlNetDeep.Model;
namespace MlNetDeep.Data.Transforms;

/// <summary>
/// MapKeyToValue: replaces keys by their names (the <see cref="AnnotationNames.KeyValues"/>
/// of the key column) as text; key 0 (missing) becomes "". Scalar or vector keys. Learns
/// nothing; also its own estimator.
/// </summary>
public sealed class KeyToValueMappingTransformer : TrivialOneToOneTransformer<KeyToValueMappingTransformer>, IModelComponent
{
    /// <summary>Creates the transformer.</summary>
    public KeyToValueMappingTransformer(params (string OutputColumnName, string InputColumnName)[] columns) : base(columns) { }

    private protected override string ExpectedInput => "a key column with value names (scalar or vector)";

    private protected override MappedColumn MapColumn(DataViewSchema.Column input, string outputName, int pairIndex)
    {
        if (ColumnTypes.ItemType(input.Type) is not KeyDataViewType || input.KeyValues is not { } names)
            throw new SchemaMismatchException(input.Name, ExpectedInput, input.Type.ToString());
        string Name(uint k) => k == 0 || k > names.Count ? "" : names[(int)k - 1];
        if (input.Type is VectorDataViewType v)
        {
            DataViewType vt = v.IsKnownSize ? new VectorDataViewType(TextDataViewType.Instance, v.Dimensions.ToArray()) : new VectorDataViewType(TextDataViewType.Instance);
            return new MappedColumn(outputName, vt, null, [input], c =>
            {
                var g = c.GetGetter<VBuffer<uint>>(input);
                var src = default(VBuffer<uint>);
                return (ValueGetter<VBuffer<string>>)((ref VBuffer<string> dst) =>
                {
                    g(ref src);
                    var keys = src.GetValues();
                    string[] buf = dst.Reuse(keys.Length);
                    for (int i = 0; i < keys.Length; i++) buf[i] = Name(keys[i]);
                    dst = new VBuffer<string>(keys.Length, buf);
                });
            });
        }
        return new MappedColumn(outputName, TextDataViewType.Instance, null, [input], c =>
        {
            var g = c.GetGetter<uint>(input);
            uint k = 0;
            return (ValueGetter<string>)((ref string s) => { g(ref k); s = Name(k); });
        });
    }

    /// <inheritdoc />
    public override SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        return inputSchema.With(Columns.Select(c =>
        {
            var i = inputSchema.Require(c.InputColumnName, ExpectedInput);
            if (!i.IsKey) throw new SchemaMismatchException(c.InputColumnName, ExpectedInput, i.TypeDescription);
            return i with { Name = c.OutputColumnName, ItemType = TextDataViewType.Instance };
        }).ToArray());
    }

    /// <inheritdoc />
    public string ComponentName => DataComponents.KeyToValue;

    /// <inheritdoc />
    public void Save(ModelSaveContext context) => context.WriteJson("state.json", DataComponents.Pairs(this), DataJson.Default.Pairs);
}
