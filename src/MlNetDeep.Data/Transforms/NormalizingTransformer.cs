namespace MlNetDeep.Data.Transforms;

/// <summary>The fitted normalizer: applies each slot's learned function (see <see cref="NormalizingEstimator"/>).</summary>
public sealed class NormalizingTransformer : OneToOneTransformerBase
{
    private readonly Func<float, float>[][] _functions;

    internal NormalizingTransformer((string, string)[] columns, Func<float, float>[][] functions) : base(columns) => _functions = functions;

    private protected override string ExpectedInput => NormalizingEstimator.Expected;

    private protected override MappedColumn MapColumn(DataViewSchema.Column input, string outputName, int pairIndex)
    {
        var fns = _functions[pairIndex];
        if (!ColumnTypes.IsSingleOrVector(input.Type) || ColumnTypes.SlotCount(input.Type) != fns.Length)
            throw new SchemaMismatchException(input.Name, fns.Length == 1 ? "Single" : $"Vector<Single, {fns.Length}> (the size seen while fitting)", input.Type.ToString());
        if (input.Type is VectorDataViewType)
        {
            return new MappedColumn(outputName, input.Type, input.Annotations, [input], c =>
            {
                var g = c.GetGetter<VBuffer<float>>(input);
                var src = default(VBuffer<float>);
                return (ValueGetter<VBuffer<float>>)((ref VBuffer<float> dst) =>
                {
                    g(ref src);
                    var v = src.GetValues();
                    float[] buf = dst.Reuse(v.Length);
                    for (int i = 0; i < v.Length; i++) buf[i] = fns[i](v[i]);
                    dst = new VBuffer<float>(v.Length, buf);
                });
            });
        }
        return new MappedColumn(outputName, input.Type, input.Annotations, [input], c =>
        {
            var g = c.GetGetter<float>(input);
            float x = 0;
            return (ValueGetter<float>)((ref float y) => { g(ref x); y = fns[0](x); });
        });
    }
}
