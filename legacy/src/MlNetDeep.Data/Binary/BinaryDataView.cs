using MlNetDeep.Model;
using System.Buffers.Binary;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace MlNetDeep.Data.Binary;

/// <summary>
/// A view over a binary view cache file (written by <see cref="BinaryViewCatalog.SaveAsBinary(MlNetDeep.Catalogs.DataOperationsCatalog, IDataView, string)"/>).
/// Streams one block of rows at a time, so files larger than memory can be read; every
/// count and length is checked against the block's size before use, and a violation raises
/// <see cref="InvalidDataException"/> naming the file, block and column.
/// </summary>
public sealed class BinaryDataView : IDataView
{
    private readonly string _path;
    private readonly ColumnSpecs.ColumnSpec[] _specs;
    private readonly long _dataStart;

    internal BinaryDataView(string path)
    {
        _path = path;
        using var fs = File.OpenRead(path);
        Span<byte> head = stackalloc byte[16];
        if (fs.Read(head) != 16 || !head[..8].SequenceEqual(BinaryViewFormat.Magic))
            throw new InvalidDataException($"{path}: not a binary view cache (magic MNDVIEW1 missing).");
        int version = BinaryPrimitives.ReadInt32LittleEndian(head[8..]);
        if (version > BinaryViewFormat.Version)
            throw new InvalidDataException($"{path}: format version {version} was written by a newer MlNetDeep; this version reads up to {BinaryViewFormat.Version}.");
        if (version < 1) throw new InvalidDataException($"{path}: format version {version} is not valid.");
        int len = BinaryPrimitives.ReadInt32LittleEndian(head[12..]);
        if (len <= 0 || len > BinaryViewFormat.MaxSchemaBytes || len > fs.Length - 16)
            throw new InvalidDataException($"{path}: schema length {len} is outside 1..{Math.Min(BinaryViewFormat.MaxSchemaBytes, fs.Length - 16)}.");
        var json = new byte[len];
        fs.ReadExactly(json);
        try
        {
            _specs = JsonSerializer.Deserialize<ColumnSpecs.ColumnSpec[]>(json, BinaryViewFormat.Json) ?? throw new InvalidDataException($"{path}: empty schema.");
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or ArgumentException)
        {
            throw new InvalidDataException($"{path}: the schema is not valid: {e.Message}");
        }
        if (_specs.Length == 0 || _specs.Any(s => string.IsNullOrEmpty(s?.Name) || s.Dims is null || s.Kind is null || s.Item is null))
            throw new InvalidDataException($"{path}: the schema has no columns or a column without a name, kind or item type.");
        Schema = new DataViewSchema(_specs.Select(s => (s.Name, s.ToType(path),
            s.KeyValues is { } kv ? (IReadOnlyDictionary<string, object>?)new Dictionary<string, object> { [AnnotationNames.KeyValues] = kv } : null)));
        _dataStart = 16 + len;
    }

    /// <inheritdoc />
    public DataViewSchema Schema { get; }

    /// <inheritdoc />
    public bool CanShuffle => false;

    /// <inheritdoc />
    public long? GetRowCount() => null;

    /// <inheritdoc />
    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
        new Cursor(this, columnsNeeded.Select(c => c.Index).ToHashSet());

    private sealed class Cursor : DataViewRowCursor
    {
        private readonly BinaryDataView _view;
        private readonly FileStream _fs;
        private readonly HashSet<int> _active;
        private readonly ColumnReader[] _readers;
        private int _blockRows, _rowInBlock = -1, _block = -1;
        private long _position = -1;
        private bool _done;
        private byte[] _payload = [];

        public Cursor(BinaryDataView view, HashSet<int> active)
        {
            _view = view;
            _active = active;
            _fs = File.OpenRead(view._path);
            _fs.Position = view._dataStart;
            _readers = view.Schema.Select(c => ColumnReader.Create(c.Type)).ToArray();
        }

        public override DataViewSchema Schema => _view.Schema;
        public override long Position => _position;
        public override long RowId => _position;

        public override bool MoveNext()
        {
            if (_done) return false;
            if (++_rowInBlock >= _blockRows && !NextBlock()) { _done = true; return false; }
            _position++;
            return true;
        }

        private bool NextBlock()
        {
            Span<byte> bh = stackalloc byte[12];
            _block++;
            if (_fs.Read(bh) != 12) throw Bad("the file ends before its end marker");
            int rows = BinaryPrimitives.ReadInt32LittleEndian(bh);
            long bytes = BinaryPrimitives.ReadInt64LittleEndian(bh[4..]);
            if (rows == 0 && bytes == 0) return false;
            if (rows < 0 || rows > BinaryViewFormat.BlockRows) throw Bad($"{rows} rows (expected 1..{BinaryViewFormat.BlockRows})");
            if (bytes < 0 || bytes > BinaryViewFormat.MaxBlockBytes || bytes > _fs.Length - _fs.Position) throw Bad($"{bytes} payload bytes do not fit in the file");
            if (_payload.Length < bytes) _payload = new byte[bytes];
            _fs.ReadExactly(_payload, 0, (int)bytes);
            int pos = 0;
            for (int i = 0; i < _readers.Length; i++)
            {
                string? problem = _readers[i].Load(_payload, (int)bytes, ref pos, rows);
                if (problem is not null) throw Bad($"column '{_view.Schema[i].Name}': {problem}");
            }
            if (pos != bytes) throw Bad($"{bytes - pos} payload bytes are left over after the last column");
            (_blockRows, _rowInBlock) = (rows, 0);
            return true;
        }

        private InvalidDataException Bad(string what) => new($"{_view._path}: block {_block}: {what}.");

        public override bool IsColumnActive(DataViewSchema.Column column) => _active.Contains(column.Index);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            CheckGetter<TValue>(column);
            return (ValueGetter<TValue>)_readers[column.Index].Getter(() => _rowInBlock);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) _fs.Dispose();
        }
    }

    /// <summary>Parses one column's part of a block and serves its rows.</summary>
    private abstract class ColumnReader
    {
        /// <summary>Reads <paramref name="rows"/> values from the first <paramref name="length"/> bytes of <paramref name="payload"/> at <paramref name="pos"/>; returns a problem or null.</summary>
        public abstract string? Load(byte[] payload, int length, ref int pos, int rows);
        public abstract Delegate Getter(Func<int> row);

        public static ColumnReader Create(DataViewType t)
        {
            bool vector = t is VectorDataViewType;
            var item = vector ? ((VectorDataViewType)t).ItemType : (PrimitiveDataViewType)t;
            int size = vector ? ((VectorDataViewType)t).Size : 0;
            if (item.RawType == typeof(string)) return vector ? new TextVector() : new Text();
            var m = typeof(ColumnReader).GetMethod(vector ? nameof(MakeVector) : nameof(MakeScalar), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(item.RawType);
            return (ColumnReader)m.Invoke(null, BindingFlags.DoNotWrapExceptions, null, [size, item is KeyDataViewType k ? (uint)k.Count : uint.MaxValue], null)!;
        }

        private static ColumnReader MakeScalar<T>(int size, uint keyMax) where T : unmanaged => new Scalar<T>(keyMax);
        private static ColumnReader MakeVector<T>(int size, uint keyMax) where T : unmanaged => new Vector<T>(size, keyMax);

        private static string? Take(ReadOnlySpan<byte> p, ref int pos, long count, int width, out ReadOnlySpan<byte> bytes)
        {
            bytes = default;
            long need = count * width;
            if (count < 0 || need > p.Length - pos) return $"needs {need} bytes, {p.Length - pos} remain";
            bytes = p.Slice(pos, (int)need);
            pos += (int)need;
            return null;
        }

        private static string? CheckKeys<T>(ReadOnlySpan<T> v, uint keyMax) where T : unmanaged
        {
            if (typeof(T) != typeof(uint) || keyMax == uint.MaxValue) return null;
            foreach (uint k in MemoryMarshal.Cast<T, uint>(v)) if (k > keyMax) return $"key {k} exceeds the key count {keyMax}";
            return null;
        }

        private sealed class Scalar<T>(uint keyMax) : ColumnReader where T : unmanaged
        {
            private byte[] _payload = [];
            private int _base;
            public override string? Load(byte[] payload, int length, ref int pos, int rows)
            {
                _payload = payload;
                _base = pos;
                string? e = Take(payload.AsSpan(0, length), ref pos, rows, System.Runtime.CompilerServices.Unsafe.SizeOf<T>(), out var b);
                return e ?? CheckKeys(MemoryMarshal.Cast<byte, T>(b), keyMax);
            }
            public override Delegate Getter(Func<int> row) =>
                (ValueGetter<T>)((ref T x) => x = MemoryMarshal.Read<T>(_payload.AsSpan(_base + row() * System.Runtime.CompilerServices.Unsafe.SizeOf<T>())));
        }

        private sealed class Vector<T>(int size, uint keyMax) : ColumnReader where T : unmanaged
        {
            private byte[] _payload = [];
            private int _base;
            private int[] _starts = [];
            public override string? Load(byte[] payload, int length, ref int pos, int rows)
            {
                _payload = payload;
                ReadOnlySpan<byte> p = payload.AsSpan(0, length);
                int[] lengths;
                if (size > 0) lengths = Enumerable.Repeat(size, rows).ToArray();
                else
                {
                    string? e0 = Take(p, ref pos, rows, 4, out var lb);
                    if (e0 is not null) return e0;
                    lengths = MemoryMarshal.Cast<byte, int>(lb).ToArray();
                    if (lengths.Any(l => l < 0)) return "a negative vector length";
                }
                _starts = new int[rows + 1];
                long total = 0;
                for (int r = 0; r < rows; r++) { total += lengths[r]; if (total > int.MaxValue) return "vector lengths overflow"; _starts[r + 1] = (int)total; }
                _base = pos;
                string? e = Take(p, ref pos, total, System.Runtime.CompilerServices.Unsafe.SizeOf<T>(), out var b);
                return e ?? CheckKeys(MemoryMarshal.Cast<byte, T>(b), keyMax);
            }
            public override Delegate Getter(Func<int> row) => (ValueGetter<VBuffer<T>>)((ref VBuffer<T> v) =>
            {
                int r = row(), n = _starts[r + 1] - _starts[r];
                T[] buf = v.Reuse(n);
                int w = System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
                MemoryMarshal.Cast<byte, T>(_payload.AsSpan(_base + _starts[r] * w, n * w)).CopyTo(buf);
                v = new VBuffer<T>(n, buf);
            });
        }

        private static string? Strings(ReadOnlySpan<byte> p, ref int pos, long count, out string?[] values)
        {
            values = [];
            string? e = Take(p, ref pos, count, 4, out var lb);
            if (e is not null) return e;
            int[] lengths = MemoryMarshal.Cast<byte, int>(lb).ToArray();
            values = new string?[count];
            for (int i = 0; i < count; i++)
            {
                if (lengths[i] == -1) continue;
                if (lengths[i] < 0 || lengths[i] > p.Length - pos) return $"string {i} has length {lengths[i]}, {p.Length - pos} bytes remain";
                values[i] = Encoding.UTF8.GetString(p.Slice(pos, lengths[i]));
                pos += lengths[i];
            }
            return null;
        }

        private sealed class Text : ColumnReader
        {
            private string?[] _v = [];
            public override string? Load(byte[] payload, int length, ref int pos, int rows) => Strings(payload.AsSpan(0, length), ref pos, rows, out _v);
            public override Delegate Getter(Func<int> row) => (ValueGetter<string>)((ref string x) => x = _v[row()]!);
        }

        private sealed class TextVector : ColumnReader
        {
            private string?[] _items = [];
            private int[] _starts = [];
            public override string? Load(byte[] payload, int length, ref int pos, int rows)
            {
                ReadOnlySpan<byte> p = payload.AsSpan(0, length);
                string? e = Take(p, ref pos, rows, 4, out var cb);
                if (e is not null) return e;
                int[] counts = MemoryMarshal.Cast<byte, int>(cb).ToArray();
                _starts = new int[rows + 1];
                long total = 0;
                for (int r = 0; r < rows; r++)
                {
                    if (counts[r] < 0) return "a negative item count";
                    total += counts[r];
                    if (total > int.MaxValue) return "item counts overflow";
                    _starts[r + 1] = (int)total;
                }
                return Strings(p, ref pos, total, out _items);
            }
            public override Delegate Getter(Func<int> row) => (ValueGetter<VBuffer<string>>)((ref VBuffer<string> v) =>
            {
                int r = row(), n = _starts[r + 1] - _starts[r];
                string[] buf = v.Reuse(n);
                Array.Copy(_items, _starts[r], buf, 0, n);
                v = new VBuffer<string>(n, buf);
            });
        }
    }
}
