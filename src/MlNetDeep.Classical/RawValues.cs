using System.Buffers.Binary;
using MlNetDeep.Data;

namespace MlNetDeep.Classical;

/// <summary>Shared plumbing of the managed classical models: raw little-endian arrays in zip entries, and their input column check.</summary>
internal static class RawValues
{
    public static byte[] FromSingles(ReadOnlySpan<float> values)
    {
        var bytes = new byte[checked(values.Length * sizeof(float))];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), values[i]);
        return bytes;
    }

    public static float[] ToSingles(ReadOnlySpan<byte> bytes)
    {
        var values = new float[bytes.Length / sizeof(float)];
        for (int i = 0; i < values.Length; i++) values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(i * 4)..]);
        return values;
    }

    public static byte[] FromDoubles(ReadOnlySpan<double> values)
    {
        var bytes = new byte[checked(values.Length * sizeof(double))];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(i * 8), values[i]);
        return bytes;
    }

    public static double[] ToDoubles(ReadOnlySpan<byte> bytes)
    {
        var values = new double[bytes.Length / sizeof(double)];
        for (int i = 0; i < values.Length; i++) values[i] = BinaryPrimitives.ReadDoubleLittleEndian(bytes[(i * 8)..]);
        return values;
    }

    /// <summary>The input column a fitted model reads: a Vector&lt;Single&gt; of exactly <paramref name="size"/> values.</summary>
    /// <exception cref="SchemaMismatchException">It is missing or has another type or size.</exception>
    public static DataViewSchema.Column RequireVector(DataViewSchema input, string name, int size)
    {
        string expected = $"Vector<Single, {size}>";
        var col = input.GetColumnOrNull(name) ?? throw new SchemaMismatchException(name, expected, null);
        if (col.Type is not VectorDataViewType { IsKnownSize: true } v || v.ItemType != NumberDataViewType.Single || v.Size != size)
            throw new SchemaMismatchException(name, expected, col.Type.ToString());
        return col;
    }
}
