using System.Reflection;

namespace MlNetDeep.Data.Tensors;

/// <summary>
/// Shuffles a view that cannot shuffle itself (a stream) with a pool: rows enter a pool of
/// fixed size and leave in a seeded random order, so memory holds only the pool. The order
/// is a random permutation of rows local to a window of the pool's size.
/// </summary>
internal sealed class PoolShuffledView(IDataView input, int poolRows) : IDataView
{
    public DataViewSchema Schema => input.Schema;
    public bool CanShuffle => true;
    public long? GetRowCount() => input.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        var cols = columnsNeeded.ToArray();
        var inner = input.GetRowCursor(cols);
        return rand is null ? inner : new Cursor(inner, cols, poolRows, rand);
    }

    private sealed class Cursor : DataViewRowCursor
    {
        private readonly DataViewRowCursor _inner;
        private readonly Random _rand;
        private readonly Slot[] _slots;
        private readonly int _capacity;
        private readonly List<object[]> _pool = new();
        private readonly List<long> _ids = new();
        private object[]? _current;
        private long _currentId = -1, _position = -1;
        private bool _innerDone;
        private readonly Dictionary<int, int> _slotOf;

        public Cursor(DataViewRowCursor inner, DataViewSchema.Column[] cols, int capacity, Random rand)
        {
            _inner = inner;
            _rand = rand;
            _capacity = capacity;
            _slots = cols.Select(c => Slot.Create(inner, c)).ToArray();
            _slotOf = cols.Select((c, i) => (c.Index, i)).ToDictionary(p => p.Index, p => p.i);
        }

        public override DataViewSchema Schema => _inner.Schema;
        public override long Position => _position;
        public override long RowId => _currentId;

        public override bool MoveNext()
        {
            while (!_innerDone && _pool.Count < _capacity)
            {
                if (!_inner.MoveNext()) { _innerDone = true; break; }
                _pool.Add(_slots.Select(s => s.Copy()).ToArray());
                _ids.Add(_inner.RowId);
            }
            if (_pool.Count == 0) return false;
            int k = _rand.Next(_pool.Count);
            _current = _pool[k];
            _currentId = _ids[k];
            _pool[k] = _pool[^1];
            _ids[k] = _ids[^1];
            _pool.RemoveAt(_pool.Count - 1);
            _ids.RemoveAt(_ids.Count - 1);
            _position++;
            return true;
        }

        public override bool IsColumnActive(DataViewSchema.Column column) => _slotOf.ContainsKey(column.Index);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            CheckGetter<TValue>(column);
            int i = _slotOf[column.Index];
            return (ValueGetter<TValue>)_slots[i].Reader(() => _current![i]);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) _inner.Dispose();
        }
    }

    /// <summary>Copies a column's current value out of a cursor and reads it back.</summary>
    private abstract class Slot
    {
        public abstract object Copy();
        public abstract Delegate Reader(Func<object> value);

        public static Slot Create(DataViewRowCursor c, DataViewSchema.Column col)
        {
            bool vector = col.Type is VectorDataViewType;
            Type t = vector ? ((VectorDataViewType)col.Type).ItemType.RawType : col.Type.RawType;
            var m = typeof(Slot).GetMethod(vector ? nameof(MakeVector) : nameof(MakeScalar), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(t);
            return (Slot)m.Invoke(null, BindingFlags.DoNotWrapExceptions, null, [c, col], null)!;
        }

        private static Slot MakeScalar<T>(DataViewRowCursor c, DataViewSchema.Column col) => new Scalar<T>(c.GetGetter<T>(col));
        private static Slot MakeVector<T>(DataViewRowCursor c, DataViewSchema.Column col) => new Vector<T>(c.GetGetter<VBuffer<T>>(col));

        private sealed class Scalar<T>(ValueGetter<T> get) : Slot
        {
            private T _v = default!;
            public override object Copy() { get(ref _v); return _v!; }
            public override Delegate Reader(Func<object> value) => (ValueGetter<T>)((ref T v) => v = (T)value());
        }

        private sealed class Vector<T>(ValueGetter<VBuffer<T>> get) : Slot
        {
            private VBuffer<T> _v;
            public override object Copy() { get(ref _v); return _v.ToArray(); }
            public override Delegate Reader(Func<object> value) => (ValueGetter<VBuffer<T>>)((ref VBuffer<T> v) =>
            {
                var src = (T[])value();
                T[] buf = v.Reuse(src.Length);
                src.CopyTo(buf, 0);
                v = new VBuffer<T>(src.Length, buf);
            });
        }
    }
}
