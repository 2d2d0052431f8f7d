using System.Reflection;
using MlNetDeep.Data;

namespace MlNetDeep;

/// <summary>Reads a whole view into an <see cref="InMemoryDataView"/> (same schema and annotations).</summary>
public static class DataViewCache
{
    /// <summary>Reads every column of <paramref name="data"/> (hidden ones too, so column indices stay the same) into memory in one pass.</summary>
    public static InMemoryDataView Materialize(IDataView data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data is InMemoryDataView m) return m;
        var cols = data.Schema.ToList();
        using var cursor = data.GetRowCursor(cols);
        var sinks = cols.Select(c => Sink.Create(cursor, c)).ToList();
        long rows = 0;
        while (cursor.MoveNext())
        {
            foreach (var s in sinks) s.Read();
            rows++;
        }
        var b = new InMemoryDataViewBuilder();
        for (int i = 0; i < cols.Count; i++) b.AddStore(cols[i].Name, cols[i].Type, sinks[i].Store(), rows, cols[i].Annotations);
        return b.Build();
    }

    private abstract class Sink
    {
        public abstract void Read();
        public abstract IColumnStore Store();

        public static Sink Create(DataViewRowCursor cursor, DataViewSchema.Column c)
        {
            string method = c.Type is VectorDataViewType v ? (v.IsKnownSize ? nameof(Fixed) : nameof(Var)) : nameof(Scalar);
            Type t = c.Type is VectorDataViewType vt ? vt.ItemType.RawType : c.Type.RawType;
            return (Sink)typeof(Sink).GetMethod(method, BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(t)
                .Invoke(null, BindingFlags.DoNotWrapExceptions, null, [cursor, c], null)!;
        }

        private static Sink Scalar<T>(DataViewRowCursor cursor, DataViewSchema.Column c) => new ScalarSink<T>(cursor.GetGetter<T>(c));
        private static Sink Fixed<T>(DataViewRowCursor cursor, DataViewSchema.Column c) =>
            new FixedSink<T>(cursor.GetGetter<VBuffer<T>>(c), ((VectorDataViewType)c.Type).Size, c.Name);
        private static Sink Var<T>(DataViewRowCursor cursor, DataViewSchema.Column c) => new VarSink<T>(cursor.GetGetter<VBuffer<T>>(c));

        private sealed class ScalarSink<T>(ValueGetter<T> get) : Sink
        {
            private T[] _values = new T[1024];
            private long _n;
            private T _v = default!;

            public override void Read()
            {
                get(ref _v);
                if (_n == _values.LongLength) Array.Resize(ref _values, checked(_values.Length * 2));
                _values[_n++] = _v;
            }

            public override IColumnStore Store()
            {
                Array.Resize(ref _values, (int)_n);
                return new ScalarStore<T>(_values);
            }
        }

        private sealed class FixedSink<T>(ValueGetter<VBuffer<T>> get, int size, string name) : Sink
        {
            private T[] _values = new T[size * 256L];
            private long _n;
            private VBuffer<T> _v;

            public override void Read()
            {
                get(ref _v);
                var s = _v.GetValues();
                if (s.Length != size) throw new InvalidOperationException($"Column '{name}' row {_n}: {s.Length} values for a vector of {size}.");
                if ((_n + 1) * size > _values.LongLength) Array.Resize(ref _values, checked(_values.Length * 2));
                s.CopyTo(_values.AsSpan((int)(_n * size)));
                _n++;
            }

            public override IColumnStore Store()
            {
                Array.Resize(ref _values, checked((int)(_n * size)));
                return new FixedVectorStore<T>(_values, size);
            }
        }

        private sealed class VarSink<T>(ValueGetter<VBuffer<T>> get) : Sink
        {
            private readonly List<T[]> _rows = new();
            private VBuffer<T> _v;

            public override void Read()
            {
                get(ref _v);
                _rows.Add(_v.ToArray());
            }

            public override IColumnStore Store() => new VarVectorStore<T>(_rows.ToArray());
        }
    }
}
