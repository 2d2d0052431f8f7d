using MlNetDeep.Data.Model;
using MlNetDeep.Model;
using System.Text;

namespace MlNetDeep.Data.Transforms;

/// <summary>
/// OneHotHashEncoding: hashes each value of a text, number or bool column (scalar or vector)
/// into one of 2^<see cref="NumberOfBits"/> slots and outputs the indicator (or, for vectors,
/// count) vector of Single. Needs no vocabulary, so unseen values still land in a slot;
/// distinct values may collide. Missing values (NaN, empty text) set no slot. The hash is
/// MurmurHash3 (x86, 32-bit) of the value's invariant text with <see cref="Seed"/>, stable
/// across runs and machines. Learns nothing; also its own estimator.
/// </summary>
public sealed class OneHotHashEncodingTransformer : TrivialOneToOneTransformer<OneHotHashEncodingTransformer>, IModelComponent
{
    /// <summary>Creates the transformer.</summary>
    public OneHotHashEncodingTransformer(string outputColumnName, string? inputColumnName = null, int numberOfBits = 16, uint seed = 314489979)
        : base([(outputColumnName, inputColumnName ?? outputColumnName)])
    {
        if (numberOfBits is < 1 or > 24) throw new ArgumentOutOfRangeException(nameof(numberOfBits), numberOfBits, "numberOfBits must be in 1..24.");
        (NumberOfBits, Seed) = (numberOfBits, seed);
    }

    /// <summary>log2 of the number of slots.</summary>
    public int NumberOfBits { get; }
    /// <summary>Hash seed.</summary>
    public uint Seed { get; }

    private protected override string ExpectedInput => ValueToKeyMappingEstimator.Expected;

    private protected override MappedColumn MapColumn(DataViewSchema.Column input, string outputName, int pairIndex)
    {
        if (!ValueToKeyMappingEstimator.Accepts(input.Type) || ColumnTypes.ItemType(input.Type) is KeyDataViewType)
            throw new SchemaMismatchException(input.Name, ExpectedInput, input.Type.ToString());
        int size = 1 << NumberOfBits;
        var method = typeof(OneHotHashEncodingTransformer).GetMethod(nameof(Getter), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!
            .MakeGenericMethod(ColumnTypes.ItemType(input.Type).RawType);
        return new MappedColumn(outputName, new VectorDataViewType(NumberDataViewType.Single, size), null, [input],
            c => (Delegate)method.Invoke(this, System.Reflection.BindingFlags.DoNotWrapExceptions, null, [c, input, size], null)!);
    }

    private Delegate Getter<T>(DataViewRowCursor c, DataViewSchema.Column input, int size)
    {
        int mask = size - 1;
        Action<float[]> fill;
        if (input.Type is VectorDataViewType)
        {
            var g = c.GetGetter<VBuffer<T>>(input);
            var b = default(VBuffer<T>);
            fill = buf => { g(ref b); foreach (var v in b.GetValues()) if (!KeyMap.IsMissing(v)) buf[Hash(v) & mask] += 1; };
        }
        else
        {
            var g = c.GetGetter<T>(input);
            T v = default!;
            fill = buf => { g(ref v); if (!KeyMap.IsMissing(v)) buf[Hash(v) & mask] = 1; };
        }
        return (ValueGetter<VBuffer<float>>)((ref VBuffer<float> dst) =>
        {
            float[] buf = dst.Reuse(size);
            Array.Clear(buf, 0, size);
            fill(buf);
            dst = new VBuffer<float>(size, buf);
        });
    }

    private int Hash<T>(T v) => (int)Murmur3(Encoding.UTF8.GetBytes(KeyMap.Name(v)), Seed);

    /// <summary>MurmurHash3 x86 32-bit.</summary>
    internal static uint Murmur3(ReadOnlySpan<byte> data, uint seed)
    {
        const uint c1 = 0xcc9e2d51, c2 = 0x1b873593;
        uint h = seed;
        int blocks = data.Length / 4;
        for (int i = 0; i < blocks; i++)
        {
            uint k = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(data[(i * 4)..]);
            k *= c1; k = (k << 15) | (k >> 17); k *= c2;
            h ^= k; h = (h << 13) | (h >> 19); h = h * 5 + 0xe6546b64;
        }
        uint t = 0;
        var tail = data[(blocks * 4)..];
        if (tail.Length >= 3) t ^= (uint)tail[2] << 16;
        if (tail.Length >= 2) t ^= (uint)tail[1] << 8;
        if (tail.Length >= 1) { t ^= tail[0]; t *= c1; t = (t << 15) | (t >> 17); t *= c2; h ^= t; }
        h ^= (uint)data.Length;
        h ^= h >> 16; h *= 0x85ebca6b; h ^= h >> 13; h *= 0xc2b2ae35; h ^= h >> 16;
        return h;
    }

    /// <inheritdoc />
    public override SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        var (o, i) = Columns[0];
        var c = inputSchema.Require(i, ExpectedInput);
        if (!ValueToKeyMappingEstimator.Accepts(c.ItemType) || c.IsKey) throw new SchemaMismatchException(i, ExpectedInput, c.TypeDescription);
        return inputSchema.With(new SchemaShape.Column(o, SchemaShape.VectorKind.Vector, NumberDataViewType.Single, [1 << NumberOfBits]));
    }

    /// <inheritdoc />
    public string ComponentName => DataComponents.OneHotHash;

    /// <inheritdoc />
    public void Save(ModelSaveContext context) => context.WriteJson("state.json", new State(Columns[0].OutputColumnName, Columns[0].InputColumnName, NumberOfBits, Seed), DataJson.Default.OneHotHashState);

    internal sealed record State(string Output, string Input, int Bits, uint Seed);

    internal static ITransformer Load(ModelLoadContext c)
    {
        var s = c.ReadJson("state.json", DataJson.Default.OneHotHashState);
        return new OneHotHashEncodingTransformer(s.Output, s.Input, s.Bits, s.Seed);
    }
}
