using MlNetDeep.Model;
using System.Buffers.Binary;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace MlNetDeep.Data.Binary;

/// <summary>Writes a view in the binary cache format, streaming (one block of rows in memory at a time).</summary>
internal static class BinaryViewWriter
{
    internal static void Save(IDataView data, Stream stream)
    {
        var cols = data.Schema.Where(c => !c.IsHidden(data.Schema)).ToList();
        var specs = cols.Select(ColumnSpecs.ColumnSpec.From).ToList();
        byte[] schema = JsonSerializer.SerializeToUtf8Bytes(specs, BinaryViewFormat.Json);
        Span<byte> head = stackalloc byte[16];
        BinaryViewFormat.Magic.CopyTo(head);
        BinaryPrimitives.WriteInt32LittleEndian(head[8..], BinaryViewFormat.Version);
        BinaryPrimitives.WriteInt32LittleEndian(head[12..], schema.Length);
        stream.Write(head);
        stream.Write(schema);
        using var cursor = data.GetRowCursor(cols);
        var writers = cols.Select(c => ColumnWriter.Create(cursor, c)).ToList();
        var payload = new MemoryStream();
        int rows = 0;
        void Flush()
        {
            Span<byte> bh = stackalloc byte[12];
            BinaryPrimitives.WriteInt32LittleEndian(bh, rows);
            payload.SetLength(0);
            foreach (var w in writers) w.Flush(payload);
            BinaryPrimitives.WriteInt64LittleEndian(bh[4..], payload.Length);
            stream.Write(bh);
            payload.Position = 0;
            payload.CopyTo(stream);
            rows = 0;
        }
        while (cursor.MoveNext())
        {
            foreach (var w in writers) w.Read();
            if (++rows == BinaryViewFormat.BlockRows) Flush();
        }
        if (rows > 0) Flush();
        Span<byte> end = stackalloc byte[12];
        stream.Write(end);
    }

    private abstract class ColumnWriter
    {
        public abstract void Read();
        public abstract void Flush(Stream s);

        public static ColumnWriter Create(DataViewRowCursor c, DataViewSchema.Column col)
        {
            bool vector = col.Type is VectorDataViewType;
            Type t = vector ? ((VectorDataViewType)col.Type).ItemType.RawType : col.Type.RawType;
            string name = t == typeof(string) ? (vector ? nameof(TextVector) : nameof(Text)) : (vector ? nameof(Vector) : nameof(Scalar));
            var m = typeof(ColumnWriter).GetMethod(name, BindingFlags.NonPublic | BindingFlags.Static)!;
            if (t != typeof(string)) m = m.MakeGenericMethod(t);
            return (ColumnWriter)m.Invoke(null, BindingFlags.DoNotWrapExceptions, null, [c, col], null)!;
        }

        private static ColumnWriter Scalar<T>(DataViewRowCursor c, DataViewSchema.Column col) where T : unmanaged => new ScalarW<T>(c.GetGetter<T>(col));
        private static ColumnWriter Vector<T>(DataViewRowCursor c, DataViewSchema.Column col) where T : unmanaged =>
            new VectorW<T>(c.GetGetter<VBuffer<T>>(col), ((VectorDataViewType)col.Type).Size);
        private static ColumnWriter Text(DataViewRowCursor c, DataViewSchema.Column col) => new TextW(c.GetGetter<string>(col));
        private static ColumnWriter TextVector(DataViewRowCursor c, DataViewSchema.Column col) => new TextVectorW(c.GetGetter<VBuffer<string>>(col));

        private sealed class ScalarW<T>(ValueGetter<T> get) : ColumnWriter where T : unmanaged
        {
            private readonly List<T> _v = new();
            private T _x;
            public override void Read() { get(ref _x); _v.Add(_x); }
            public override void Flush(Stream s) { s.Write(MemoryMarshal.AsBytes(CollectionsMarshal.AsSpan(_v))); _v.Clear(); }
        }

        private sealed class VectorW<T>(ValueGetter<VBuffer<T>> get, int size) : ColumnWriter where T : unmanaged
        {
            private readonly List<int> _lengths = new();
            private readonly List<T> _items = new();
            private VBuffer<T> _x;
            public override void Read()
            {
                get(ref _x);
                var v = _x.GetValues();
                if (size > 0 && v.Length != size) throw new InvalidOperationException($"A row has {v.Length} values for a vector of {size}.");
                _lengths.Add(v.Length);
                _items.AddRange(v);
            }
            public override void Flush(Stream s)
            {
                if (size == 0) s.Write(MemoryMarshal.AsBytes(CollectionsMarshal.AsSpan(_lengths)));
                s.Write(MemoryMarshal.AsBytes(CollectionsMarshal.AsSpan(_items)));
                _lengths.Clear();
                _items.Clear();
            }
        }

        private sealed class TextW(ValueGetter<string> get) : ColumnWriter
        {
            private readonly List<string?> _v = new();
            private string _x = "";
            public override void Read() { get(ref _x); _v.Add(_x); }
            public override void Flush(Stream s) { WriteStrings(s, _v); _v.Clear(); }
        }

        private sealed class TextVectorW(ValueGetter<VBuffer<string>> get) : ColumnWriter
        {
            private readonly List<int> _counts = new();
            private readonly List<string?> _items = new();
            private VBuffer<string> _x;
            public override void Read() { get(ref _x); var v = _x.GetValues(); _counts.Add(v.Length); foreach (var t in v) _items.Add(t); }
            public override void Flush(Stream s)
            {
                s.Write(MemoryMarshal.AsBytes(CollectionsMarshal.AsSpan(_counts)));
                WriteStrings(s, _items);
                _counts.Clear();
                _items.Clear();
            }
        }

        /// <summary>Int32 byte lengths (-1 for null), then the UTF-8 bytes.</summary>
        private static void WriteStrings(Stream s, List<string?> values)
        {
            var bytes = values.Select(v => v is null ? null : Encoding.UTF8.GetBytes(v)).ToList();
            var lengths = bytes.Select(b => b?.Length ?? -1).ToArray();
            s.Write(MemoryMarshal.AsBytes(lengths.AsSpan()));
            foreach (var b in bytes) if (b is not null) s.Write(b);
        }
    }
}
