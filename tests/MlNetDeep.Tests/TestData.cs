using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetDeep.Tests;

/// <summary>Generated data as ML.NET views (LoadFromEnumerable with a schema definition for the vector sizes and key types).</summary>
internal static class TestData
{
    public sealed class KeyRow
    {
        public float[] Features { get; set; } = [];
        public uint Label { get; set; }
    }

    public sealed class BoolRow
    {
        public float[] Features { get; set; } = [];
        public bool Label { get; set; }
    }

    public sealed class FloatRow
    {
        public float[] Features { get; set; } = [];
        public float Label { get; set; }
    }

    public sealed class VectorRow
    {
        public float[] Features { get; set; } = [];
        public bool[] Label { get; set; } = [];
    }

    private static SchemaDefinition Schema<T>(int[] dims)
    {
        var schema = SchemaDefinition.Create(typeof(T));
        schema["Features"].ColumnType = new VectorDataViewType(NumberDataViewType.Single, dims);
        return schema;
    }

    /// <summary>Rows with a key label (1-based values) named by <paramref name="classes"/>.</summary>
    public static IDataView Keyed(MLContext ml, IReadOnlyList<float[]> features, IReadOnlyList<uint> labels, string[] classes, params int[] dims)
    {
        var schema = Schema<KeyRow>(dims.Length == 0 ? [features[0].Length] : dims);
        schema["Label"].ColumnType = new KeyDataViewType(typeof(uint), classes.Length);
        schema["Label"].AddAnnotation("KeyValues", new VBuffer<ReadOnlyMemory<char>>(classes.Length, classes.Select(c => c.AsMemory()).ToArray()),
            new VectorDataViewType(TextDataViewType.Instance, classes.Length));
        // LoadFromEnumerable stores value v of a key column as key v + 1.
        return ml.Data.LoadFromEnumerable(features.Zip(labels, (f, l) => new KeyRow { Features = f, Label = l - 1 }).ToList(), schema);
    }

    public static IDataView Boolean(MLContext ml, IReadOnlyList<float[]> features, IReadOnlyList<bool> labels, params int[] dims) =>
        ml.Data.LoadFromEnumerable(features.Zip(labels, (f, l) => new BoolRow { Features = f, Label = l }).ToList(),
            Schema<BoolRow>(dims.Length == 0 ? [features[0].Length] : dims));

    public static IDataView Single(MLContext ml, IReadOnlyList<float[]> features, IReadOnlyList<float> labels, params int[] dims) =>
        ml.Data.LoadFromEnumerable(features.Zip(labels, (f, l) => new FloatRow { Features = f, Label = l }).ToList(),
            Schema<FloatRow>(dims.Length == 0 ? [features[0].Length] : dims));

    public static IDataView MultiLabel(MLContext ml, IReadOnlyList<float[]> features, IReadOnlyList<bool[]> labels, params int[] dims)
    {
        var schema = Schema<VectorRow>(dims.Length == 0 ? [features[0].Length] : dims);
        schema["Label"].ColumnType = new VectorDataViewType(BooleanDataViewType.Instance, labels[0].Length);
        return ml.Data.LoadFromEnumerable(features.Zip(labels, (f, l) => new VectorRow { Features = f, Label = l }).ToList(), schema);
    }

    /// <summary><paramref name="n"/> rows of <paramref name="width"/> uniform values from <paramref name="seed"/>.</summary>
    public static float[][] Uniform(int n, int width, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => Enumerable.Range(0, width).Select(_ => (float)rng.NextDouble()).ToArray()).ToArray();
    }

    /// <summary>A 3-class problem on 8 features: the class is which of three feature sums is largest.</summary>
    public static IDataView ThreeClasses(MLContext ml, int n, int seed, params int[] dims)
    {
        var x = Uniform(n, 8, seed);
        var y = x.Select(f => (uint)new[] { f[0] + f[1], f[2] + f[3], f[4] + f[5] }.Select((v, i) => (v, i)).Max().i + 1).ToArray();
        return Keyed(ml, x, y, ["a", "b", "c"], dims);
    }

    /// <summary>Every value of <paramref name="column"/> as floats, row by row.</summary>
    public static float[][] Column(IDataView data, string column)
    {
        var c = data.Schema[column];
        var rows = new List<float[]>();
        using var cursor = data.GetRowCursor([c]);
        if (c.Type is VectorDataViewType)
        {
            var get = cursor.GetGetter<VBuffer<float>>(c);
            VBuffer<float> v = default;
            while (cursor.MoveNext())
            {
                get(ref v);
                rows.Add(v.DenseValues().ToArray());
            }
        }
        else
        {
            var get = cursor.GetGetter<float>(c);
            float v = 0;
            while (cursor.MoveNext())
            {
                get(ref v);
                rows.Add([v]);
            }
        }
        return rows.ToArray();
    }
}
