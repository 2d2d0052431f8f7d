using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetDeep.Schema;
using TorchSharp;

namespace MlNetDeep.Data;

/// <summary>
/// How one ML.NET column becomes a tensor: numbers and Booleans as Float32 ([B] for a scalar,
/// [B, n] for a vector of known size n); keys as Int64 class indices (key value − 1, so a
/// missing key is −1). Reads a row's value from a cursor into a buffer of rows.
/// </summary>
internal abstract class BatchColumn
{
    /// <summary>The column.</summary>
    internal DataViewSchema.Column Column { get; private set; }

    /// <summary>Values per row (1 for a scalar).</summary>
    internal int Width { get; private set; }

    /// <summary>Whether the tensor holds Int64 class indices (a key column) rather than Float32 values.</summary>
    internal bool IsKey { get; private set; }

    /// <summary>Reads the current row into slot <paramref name="row"/> of <paramref name="buffer"/> (float[] or long[]).</summary>
    internal abstract void Read(Array buffer, int row);

    /// <summary>A getter-bound reader for <paramref name="cursor"/>.</summary>
    internal abstract BatchColumn Bind(DataViewRow cursor);

    /// <summary>A buffer for <paramref name="rows"/> rows.</summary>
    internal Array NewBuffer(long rows) => IsKey ? new long[rows * Width] : new float[rows * Width];

    /// <summary>The first <paramref name="rows"/> rows of <paramref name="buffer"/> as a tensor [rows] or [rows, Width].</summary>
    internal torch.Tensor ToTensor(Array buffer, long rows)
    {
        long[] shape = Width == 1 && Column.Type is not VectorDataViewType ? [rows] : [rows, Width];
        long n = rows * Width;
        // The Memory overloads copy the slice once (the array overloads would need it cut to length first).
        return IsKey
            ? torch.tensor(new Memory<long>((long[])buffer, 0, checked((int)n)), shape)
            : torch.tensor(new Memory<float>((float[])buffer, 0, checked((int)n)), shape);
    }

    /// <summary>The reader for <paramref name="column"/>.</summary>
    /// <exception cref="SchemaMismatchException">The column cannot become a tensor.</exception>
    internal static BatchColumn For(DataViewSchema.Column column)
    {
        var type = column.Type;
        DataViewType item = type is VectorDataViewType v ? v.ItemType : type;
        int width = type is VectorDataViewType vec ? vec.Size : 1;
        if (width == 0)
            throw new SchemaMismatchException(column.Name, "a scalar or a vector of known size", $"{type} (a vector of variable size)");
        BatchColumn? reader = item switch
        {
            KeyDataViewType k when type is not VectorDataViewType => KeyReader(k),
            _ when item == NumberDataViewType.Single => new Values<float>(static (in float x) => x),
            _ when item == NumberDataViewType.Double => new Values<double>(static (in double x) => (float)x),
            _ when item == NumberDataViewType.Byte => new Values<byte>(static (in byte x) => x),
            _ when item == NumberDataViewType.Int32 => new Values<int>(static (in int x) => x),
            _ when item == NumberDataViewType.Int64 => new Values<long>(static (in long x) => x),
            _ when item == BooleanDataViewType.Instance => new Values<bool>(static (in bool x) => x ? 1f : 0f),
            _ => null,
        };
        if (reader is null)
            throw new SchemaMismatchException(column.Name, "a Single, Double, integer, Boolean or key column (a scalar or a vector of known size)", type.ToString());
        (reader.Column, reader.Width, reader.IsKey) = (column, width, item is KeyDataViewType && type is not VectorDataViewType);
        return reader;
    }

    private static BatchColumn KeyReader(KeyDataViewType key) => key.RawType switch
    {
        var t when t == typeof(uint) => new Keys<uint>(static (in uint x) => x),
        var t when t == typeof(byte) => new Keys<byte>(static (in byte x) => x),
        var t when t == typeof(ushort) => new Keys<ushort>(static (in ushort x) => x),
        _ => new Keys<ulong>(static (in ulong x) => (long)x),
    };

    internal delegate float ToFloat<T>(in T value);

    internal delegate long ToLong<T>(in T value);

    /// <summary>Numbers and Booleans, scalar or vector, as Float32.</summary>
    private sealed class Values<T>(ToFloat<T> convert) : BatchColumn where T : struct
    {
        private ValueGetter<T>? _scalar;
        private ValueGetter<VBuffer<T>>? _vector;
        private T _value = default!;
        private VBuffer<T> _buffer;

        internal override BatchColumn Bind(DataViewRow cursor)
        {
            var bound = new Values<T>(convert) { Column = Column, Width = Width, IsKey = false };
            if (Column.Type is VectorDataViewType) bound._vector = cursor.GetGetter<VBuffer<T>>(Column);
            else bound._scalar = cursor.GetGetter<T>(Column);
            return bound;
        }

        internal override void Read(Array buffer, int row)
        {
            var target = ((float[])buffer).AsSpan(row * Width, Width);
            if (_scalar is not null)
            {
                _scalar(ref _value);
                target[0] = convert(in _value);
                return;
            }
            _vector!(ref _buffer);
            if (_buffer.Length != Width)
                throw new InvalidDataException($"{Column.Name}: a row holds {_buffer.Length} values; the column's type says {Width}.");
            var values = _buffer.GetValues();
            if (_buffer.IsDense)
            {
                if (typeof(T) == typeof(float)) System.Runtime.InteropServices.MemoryMarshal.Cast<T, float>(values).CopyTo(target);
                else for (int i = 0; i < values.Length; i++) target[i] = convert(in values[i]);
                return;
            }
            target.Clear();
            var indices = _buffer.GetIndices();
            for (int i = 0; i < values.Length; i++) target[indices[i]] = convert(in values[i]);
        }
    }

    /// <summary>A scalar key as an Int64 class index (value − 1).</summary>
    private sealed class Keys<T>(ToLong<T> convert) : BatchColumn
    {
        private ValueGetter<T>? _getter;
        private T _value = default!;

        internal override BatchColumn Bind(DataViewRow cursor) =>
            new Keys<T>(convert) { Column = Column, Width = 1, IsKey = true, _getter = cursor.GetGetter<T>(Column) };

        internal override void Read(Array buffer, int row)
        {
            _getter!(ref _value);
            ((long[])buffer)[row] = convert(in _value) - 1;
        }
    }
}
