using System.Reflection;

namespace MlNetDeep.Data;

/// <summary>
/// A view over a sequence of objects: one column per public field or property (see the
/// mapping attributes). Lazy: each cursor enumerates the sequence again. Shuffling is
/// possible when the sequence is an <see cref="IReadOnlyList{T}"/>.
/// </summary>
internal sealed class EnumerableDataView<T> : IDataView where T : class
{
    private readonly IEnumerable<T> _source;
    private readonly IReadOnlyList<TypeMapping.Member> _members;

    public EnumerableDataView(IEnumerable<T> source)
    {
        _source = source;
        _members = TypeMapping.Members(typeof(T));
        Schema = new DataViewSchema(_members.Select(m => (m.ColumnName, m.ColumnType, m.Annotations)));
    }

    public DataViewSchema Schema { get; }
    public bool CanShuffle => _source is IReadOnlyList<T>;
    public long? GetRowCount() => _source is IReadOnlyCollection<T> c ? c.Count : null;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        IEnumerable<(T Item, long Id)> items;
        if (rand is not null && _source is IReadOnlyList<T> list)
        {
            var order = Enumerable.Range(0, list.Count).ToArray();
            rand.Shuffle(order);
            items = order.Select(i => (list[i], (long)i));
        }
        else
        {
            items = _source.Select((x, i) => (x, (long)i));
        }
        return new Cursor(this, items.GetEnumerator(), columnsNeeded.Select(c => c.Index).ToHashSet());
    }

    private static readonly MethodInfo ScalarMethod = typeof(EnumerableDataView<T>).GetMethod(nameof(ScalarGetter), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly MethodInfo VectorMethod = typeof(EnumerableDataView<T>).GetMethod(nameof(VectorGetter), BindingFlags.NonPublic | BindingFlags.Static)!;

    private static Delegate ScalarGetter<TValue>(Func<T> current, TypeMapping.Member m)
    {
        var read = TypeMapping.Getter<T, TValue>(m.Info);
        return (ValueGetter<TValue>)((ref TValue v) => v = read(current()));
    }

    private static Delegate VectorGetter<TItem>(Func<T> current, Func<long> position, TypeMapping.Member m)
    {
        var read = TypeMapping.Getter<T, TItem[]>(m.Info);
        int size = ((VectorDataViewType)m.ColumnType).Size;
        return (ValueGetter<VBuffer<TItem>>)((ref VBuffer<TItem> v) =>
        {
            TItem[] src = read(current()) ?? [];
            if (size > 0 && src.Length != size)
                throw new InvalidOperationException($"Row {position()}: column '{m.ColumnName}' has {src.Length} values; its type {m.ColumnType} needs {size}.");
            TItem[] buf = v.Reuse(src.Length);
            src.CopyTo(buf, 0);
            v = new VBuffer<TItem>(src.Length, buf);
        });
    }

    private sealed class Cursor(EnumerableDataView<T> view, IEnumerator<(T Item, long Id)> items, HashSet<int> active) : DataViewRowCursor
    {
        private long _position = -1;

        public override DataViewSchema Schema => view.Schema;
        public override long Position => _position;
        public override long RowId => items.Current.Id;

        public override bool MoveNext()
        {
            if (!items.MoveNext()) return false;
            if (items.Current.Item is null) throw new InvalidOperationException($"Row {_position + 1} of the sequence is null.");
            _position++;
            return true;
        }

        public override bool IsColumnActive(DataViewSchema.Column column) => active.Contains(column.Index);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            CheckGetter<TValue>(column);
            var m = view._members[column.Index];
            Func<T> current = () => items.Current.Item;
            Delegate d = m.IsVector
                ? (Delegate)VectorMethod.MakeGenericMethod(m.MemberType.GetElementType()!).Invoke(null, System.Reflection.BindingFlags.DoNotWrapExceptions, null, [current, (Func<long>)(() => _position), m], null)!
                : (Delegate)ScalarMethod.MakeGenericMethod(m.MemberType).Invoke(null, System.Reflection.BindingFlags.DoNotWrapExceptions, null, [current, m], null)!;
            return (ValueGetter<TValue>)d;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) items.Dispose();
        }
    }
}
