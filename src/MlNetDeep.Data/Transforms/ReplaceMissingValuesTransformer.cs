namespace MlNetDeep.Data.Transforms;

/// <summary>The fitted missing-value replacement (see <see cref="ReplaceMissingValuesEstimator"/>).</summary>
public sealed class ReplaceMissingValuesTransformer : OneToOneTransformerBase
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
                    for (int i = 0; i < v.Length; i++) buf[i] = float.IsNaN(v[i]) ? fill[i] : v[i];
                    dst = new VBuffer<float>(v.Length, buf);
                });
            });
        }
        return new MappedColumn(outputName, input.Type, input.Annotations, [input], c =>
        {
            var g = c.GetGetter<float>(input);
            float x = 0;
            return (ValueGetter<float>)((ref float y) => { g(ref x); y = float.IsNaN(x) ? fill[0] : x; });
        });
    }
}
