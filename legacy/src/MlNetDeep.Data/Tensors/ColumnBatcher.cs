using System.Reflection;
using MlNetDeep.Torch;

namespace MlNetDeep.Data.Tensors;

/// <summary>Copies one column's values of successive rows into a batch buffer and turns it into a tensor.</summary>
internal abstract class ColumnBatcher
{
    public abstract void Read(int slot);
    public abstract Tensor ToTensor(int count);

    internal static ColumnBatcher Create(DataViewRowCursor cursor, DataViewSchema.Column c, int batchSize)
    {
        switch (c.Type)
        {
            case VectorDataViewType v when v.IsKnownSize && v.ItemType == NumberDataViewType.Single:
                return new FloatVector(cursor.GetGetter<VBuffer<float>>(c), v, batchSize, c.Name);
            case VectorDataViewType v when v.IsKnownSize && v.ItemType == NumberDataViewType.Double:
                return new Vector<double>(cursor.GetGetter<VBuffer<double>>(c), v, batchSize, c.Name, x => x);
            case VectorDataViewType v when v.IsKnownSize && v.ItemType is KeyDataViewType:
                return new Vector<uint, long>(cursor.GetGetter<VBuffer<uint>>(c), v, batchSize, c.Name, k => (long)k - 1);
            case VectorDataViewType v when v.IsKnownSize && v.ItemType == BooleanDataViewType.Instance:
                return new Vector<bool, float>(cursor.GetGetter<VBuffer<bool>>(c), v, batchSize, c.Name, b => b ? 1f : 0f);
            case KeyDataViewType:
                return new Scalar<uint, long>(cursor.GetGetter<uint>(c), batchSize, k => (long)k - 1);
            case var t when t == NumberDataViewType.Single:
                return new Scalar<float, float>(cursor.GetGetter<float>(c), batchSize, x => x);
            case var t when t == NumberDataViewType.Double:
                return new Scalar<double, double>(cursor.GetGetter<double>(c), batchSize, x => x);
            case var t when t == NumberDataViewType.Int32:
                return new Scalar<int, long>(cursor.GetGetter<int>(c), batchSize, x => x);
            case var t when t == NumberDataViewType.Int64:
                return new Scalar<long, long>(cursor.GetGetter<long>(c), batchSize, x => x);
            case BooleanDataViewType:
                return new Scalar<bool, float>(cursor.GetGetter<bool>(c), batchSize, b => b ? 1f : 0f);
            default:
                throw new SchemaMismatchException(c.Name, "a number, bool or key column, or a fixed-size vector of those, to batch into tensors", c.Type.ToString());
        }
    }

    private sealed class Scalar<TIn, TOut>(ValueGetter<TIn> get, int batch, Func<TIn, TOut> convert) : ColumnBatcher where TOut : unmanaged
    {
        private readonly TOut[] _buf = new TOut[batch];
        private TIn _v = default!;

        public override void Read(int slot) { get(ref _v); _buf[slot] = convert(_v); }
        public override Tensor ToTensor(int count) => Tensor.FromSpan<TOut>(_buf.AsSpan(0, count), [count]);
    }

    private class Vector<TIn, TOut>(ValueGetter<VBuffer<TIn>> get, VectorDataViewType type, int batch, string name, Func<TIn, TOut> convert) : ColumnBatcher where TOut : unmanaged
    {
        private readonly TOut[] _buf = new TOut[(long)batch * type.Size];
        private readonly long[] _dims = type.Dimensions.Select(d => (long)d).ToArray();
        private VBuffer<TIn> _v;

        public override void Read(int slot)
        {
            get(ref _v);
            var s = _v.GetValues();
            if (s.Length != type.Size) throw new InvalidOperationException($"Column '{name}': a row has {s.Length} values for {type}.");
            var dst = _buf.AsSpan(slot * type.Size, type.Size);
            for (int i = 0; i < s.Length; i++) dst[i] = convert(s[i]);
        }

        public override Tensor ToTensor(int count) => Tensor.FromSpan<TOut>(_buf.AsSpan(0, count * type.Size), [count, .. _dims]);
    }

    private sealed class Vector<T>(ValueGetter<VBuffer<T>> get, VectorDataViewType type, int batch, string name, Func<T, T> identity)
        : Vector<T, T>(get, type, batch, name, identity) where T : unmanaged;

    /// <summary>Float vectors copy spans directly (the common image/feature case).</summary>
    private sealed class FloatVector(ValueGetter<VBuffer<float>> get, VectorDataViewType type, int batch, string name) : ColumnBatcher
    {
        private readonly float[] _buf = new float[(long)batch * type.Size];
        private readonly long[] _dims = type.Dimensions.Select(d => (long)d).ToArray();
        private VBuffer<float> _v;

        public override void Read(int slot)
        {
            get(ref _v);
            var s = _v.GetValues();
            if (s.Length != type.Size) throw new InvalidOperationException($"Column '{name}': a row has {s.Length} values for {type}.");
            s.CopyTo(_buf.AsSpan(slot * type.Size));
        }

        public override Tensor ToTensor(int count) => Tensor.FromSpan<float>(_buf.AsSpan(0, count * type.Size), [count, .. _dims]);
    }
}
