namespace MlNetDeep.Data.Transforms;

/// <summary>Builds the mapped column of a transform that maps each slot of a Single scalar or vector independently.</summary>
internal static class SingleSlotMapping
{
    /// <summary>A column like <paramref name="input"/> whose slot i holds <c>map(i, x)</c>.</summary>
    internal static MappedColumn Column(DataViewSchema.Column input, string outputName, Func<int, float, float> map)
    {
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
                    for (int i = 0; i < v.Length; i++) buf[i] = map(i, v[i]);
                    dst = new VBuffer<float>(v.Length, buf);
                });
            });
        }
        return new MappedColumn(outputName, input.Type, input.Annotations, [input], c =>
        {
            var g = c.GetGetter<float>(input);
            float x = 0;
            return (ValueGetter<float>)((ref float y) => { g(ref x); y = map(0, x); });
        });
    }
}
