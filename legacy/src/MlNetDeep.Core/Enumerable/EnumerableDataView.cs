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
        var columns = new (string, DataViewType, IReadOnlyDictionary<string, object>?)[_members.Count];
        for (int i = 0; i < columns.Length; i++) columns[i] = (_members[i].ColumnName, _members[i].ColumnType, _members[i].Annotations);
        Schema = new DataViewSchema(columns);
    }

    public DataViewSchema Schema { get; }
    public bool CanShuffle => _source is IReadOnlyList<T>;
    public long? GetRowCount() => _source is IReadOnlyCollection<T> c ? c.Count : null;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        IEnumerator<(T Item, long Id)> items;
        if (rand is not null && _source is IReadOnlyList<T> list)
        {
            var order = new int[list.Count];
            for (int i = 0; i < order.Length; i++) order[i] = i;
            rand.Shuffle(order);
            items = InOrder(list, order);
        }
        else
        {
            items = Numbered(_source);
        }
        return new Cursor(this, items, DataViewSchema.IndexesOf(columnsNeeded));
    }

    // Iterators of our own rather than LINQ's Select into tuples: their code is precompiled
    // (ReadyToRun) for any row class, so a prediction engine starts without JIT compilation.
    private static IEnumerator<(T Item, long Id)> Numbered(IEnumerable<T> source)
    {
        long id = 0;
        foreach (var x in source) yield return (x, id++);
    }

    private static IEnumerator<(T Item, long Id)> InOrder(IReadOnlyList<T> list, int[] order)
    {
        foreach (int i in order) yield return (list[i], i);
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
            return (ValueGetter<TValue>)(m.IsVector ? VectorOf(m.MemberType.GetElementType()!, current, () => _position, m) : ScalarOf(m.MemberType, current, m));
        }

        // The common types are called directly, so their code is precompiled (ReadyToRun) rather
        // than made by reflection and JIT-compiled on a service's first prediction.
        private static Delegate VectorOf(Type item, Func<T> current, Func<long> position, TypeMapping.Member m) =>
            item == typeof(float) ? VectorGetter<float>(current, position, m)
            : item == typeof(double) ? VectorGetter<double>(current, position, m)
            : item == typeof(uint) ? VectorGetter<uint>(current, position, m)
            : item == typeof(string) ? VectorGetter<string>(current, position, m)
            : (Delegate)VectorMethod.MakeGenericMethod(item).Invoke(null, BindingFlags.DoNotWrapExceptions, null, [current, position, m], null)!;

        private static Delegate ScalarOf(Type type, Func<T> current, TypeMapping.Member m) =>
            type == typeof(float) ? ScalarGetter<float>(current, m)
            : type == typeof(uint) ? ScalarGetter<uint>(current, m)
            : type == typeof(string) ? ScalarGetter<string>(current, m)
            : type == typeof(bool) ? ScalarGetter<bool>(current, m)
            : (Delegate)ScalarMethod.MakeGenericMethod(type).Invoke(null, BindingFlags.DoNotWrapExceptions, null, [current, m], null)!;

        protected override void Dispose(bool disposing)
        {
            if (disposing) items.Dispose();
        }
    }
}
