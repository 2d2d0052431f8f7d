using System.Reflection;

namespace MlNetDeep.Data;

/// <summary>Reads the rows of a view into objects of <typeparamref name="T"/> (CreateEnumerable).</summary>
internal static class EnumerableReader<T> where T : class, new()
{
    private static readonly MethodInfo ScalarMethod = typeof(EnumerableReader<T>).GetMethod(nameof(ScalarSetter), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly MethodInfo VectorMethod = typeof(EnumerableReader<T>).GetMethod(nameof(VectorSetter), BindingFlags.NonPublic | BindingFlags.Static)!;

    internal static IEnumerable<T> Read(IDataView data, bool reuseRowObject, bool ignoreMissingColumns) =>
        Iterate(data, Plan(data.Schema, ignoreMissingColumns), reuseRowObject);

    /// <summary>Which column fills which member (checked by name and type).</summary>
    internal static List<(TypeMapping.Member Member, DataViewSchema.Column Column)> Plan(DataViewSchema schema, bool ignoreMissingColumns)
    {
        var plan = new List<(TypeMapping.Member Member, DataViewSchema.Column Column)>();
        foreach (var m in TypeMapping.Members(typeof(T), forReading: true))
        {
            var col = schema.GetColumnOrNull(m.ColumnName);
            if (col is null)
            {
                if (ignoreMissingColumns) continue;
                throw new SchemaMismatchException(m.ColumnName, $"{m.ColumnType} for {typeof(T).Name}.{m.Info.Name}", null);
            }
            bool fits = m.ColumnType is VectorDataViewType mv
                ? col.Type is VectorDataViewType cv && (cv.ItemType.Equals(mv.ItemType) || (mv.ItemType is KeyDataViewType { Count: 0 } && cv.ItemType is KeyDataViewType))
                : col.Type.RawType == m.MemberType;
            if (!fits) throw new SchemaMismatchException(m.ColumnName, $"{m.ColumnType} for {typeof(T).Name}.{m.Info.Name}", col.Type.ToString());
            plan.Add((m, col));
        }
        return plan;
    }

    /// <summary>Compiled setters filling members from the cursor's current row.</summary>
    internal static Action<T>[] Setters(DataViewRowCursor cursor, List<(TypeMapping.Member Member, DataViewSchema.Column Column)> plan)
    {
        var setters = new Action<T>[plan.Count];
        for (int i = 0; i < setters.Length; i++)
        {
            var (m, col) = plan[i];
            setters[i] = m.IsVector ? VectorOf(m.MemberType.GetElementType()!, cursor, col, m) : ScalarOf(m.MemberType, cursor, col, m);
        }
        return setters;
    }

    // The common types are called directly, so their code is precompiled (ReadyToRun) rather
    // than made by reflection and JIT-compiled on a service's first prediction.
    private static Action<T> VectorOf(Type item, DataViewRowCursor cursor, DataViewSchema.Column col, TypeMapping.Member m) =>
        item == typeof(float) ? VectorSetter<float>(cursor, col, m)
        : item == typeof(double) ? VectorSetter<double>(cursor, col, m)
        : item == typeof(uint) ? VectorSetter<uint>(cursor, col, m)
        : item == typeof(string) ? VectorSetter<string>(cursor, col, m)
        : (Action<T>)VectorMethod.MakeGenericMethod(item).Invoke(null, BindingFlags.DoNotWrapExceptions, null, [cursor, col, m], null)!;

    private static Action<T> ScalarOf(Type type, DataViewRowCursor cursor, DataViewSchema.Column col, TypeMapping.Member m) =>
        type == typeof(float) ? ScalarSetter<float>(cursor, col, m)
        : type == typeof(uint) ? ScalarSetter<uint>(cursor, col, m)
        : type == typeof(string) ? ScalarSetter<string>(cursor, col, m)
        : type == typeof(bool) ? ScalarSetter<bool>(cursor, col, m)
        : (Action<T>)ScalarMethod.MakeGenericMethod(type).Invoke(null, BindingFlags.DoNotWrapExceptions, null, [cursor, col, m], null)!;

    private static IEnumerable<T> Iterate(IDataView data, List<(TypeMapping.Member Member, DataViewSchema.Column Column)> plan, bool reuse)
    {
        using var cursor = data.GetRowCursor(plan.Select(p => p.Column));
        var setters = Setters(cursor, plan);
        T? row = null;
        while (cursor.MoveNext())
        {
            if (!reuse || row is null) row = new T();
            foreach (var set in setters) set(row);
            yield return row;
        }
    }

    private static Action<T> ScalarSetter<TValue>(DataViewRowCursor cursor, DataViewSchema.Column col, TypeMapping.Member m)
    {
        var get = cursor.GetGetter<TValue>(col);
        var set = TypeMapping.Setter<T, TValue>(m.Info);
        TValue v = default!;
        return row => { get(ref v); set(row, v); };
    }

    private static Action<T> VectorSetter<TItem>(DataViewRowCursor cursor, DataViewSchema.Column col, TypeMapping.Member m)
    {
        var get = cursor.GetGetter<VBuffer<TItem>>(col);
        var set = TypeMapping.Setter<T, TItem[]>(m.Info);
        var v = default(VBuffer<TItem>);
        return row => { get(ref v); set(row, v.ToArray()); };
    }
}
