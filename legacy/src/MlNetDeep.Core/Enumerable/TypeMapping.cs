using System.Linq.Expressions;
using System.Reflection;

namespace MlNetDeep.Data;

/// <summary>How the public fields and properties of a class map to columns.</summary>
internal static class TypeMapping
{
    internal sealed record Member(MemberInfo Info, Type MemberType, string ColumnName, DataViewType ColumnType, IReadOnlyDictionary<string, object>? Annotations)
    {
        public bool IsVector => ColumnType is VectorDataViewType;
    }

    /// <summary>
    /// The column mapping of <paramref name="type"/>'s members. When <paramref name="forReading"/>
    /// (filling objects from a view), a uint member without [KeyType] reads a key of any count.
    /// </summary>
    internal static IReadOnlyList<Member> Members(Type type, bool forReading = false)
    {
        var members = new List<Member>();
        foreach (var m in type.GetMembers(BindingFlags.Public | BindingFlags.Instance))
        {
            Type? mt = m switch { FieldInfo f => f.FieldType, PropertyInfo p when p.GetIndexParameters().Length == 0 => p.PropertyType, _ => null };
            if (mt is null || m.GetCustomAttribute<NoColumnAttribute>() is not null) continue;
            string name = m.GetCustomAttribute<ColumnNameAttribute>()?.Name ?? m.Name;
            members.Add(new Member(m, mt, name, ColumnType(type, m, mt, forReading), null));
        }
        if (members.Count == 0) throw new ArgumentException($"{type.Name} has no public fields or properties to map to columns.");
        return members;
    }

    private static DataViewType ColumnType(Type owner, MemberInfo m, Type mt, bool forReading)
    {
        string where = $"{owner.Name}.{m.Name}";
        var key = m.GetCustomAttribute<KeyTypeAttribute>();
        if (key is not null)
        {
            if (mt != typeof(uint)) throw new ArgumentException($"{where}: [KeyType] needs a uint member; it is {mt.Name}.");
            return new KeyDataViewType(key.Count);
        }
        if (forReading && mt == typeof(uint)) return KeyDataViewType.Unknown;
        if (forReading && mt == typeof(uint[])) return new VectorDataViewType(KeyDataViewType.Unknown);
        if (mt.IsArray)
        {
            var item = Primitive(mt.GetElementType()!) ?? throw new ArgumentException($"{where}: arrays of {mt.GetElementType()!.Name} are not a column type.");
            var vt = m.GetCustomAttribute<VectorTypeAttribute>();
            return vt is null || vt.Dimensions.Count == 0 ? new VectorDataViewType(item) : new VectorDataViewType(item, vt.Dimensions.ToArray());
        }
        return Primitive(mt) ?? throw new ArgumentException($"{where}: {mt.Name} is not a column type (numbers, bool, string, uint with [KeyType], or arrays of those).");
    }

    private static PrimitiveDataViewType? Primitive(Type t) =>
        t == typeof(bool) ? BooleanDataViewType.Instance : t == typeof(string) ? TextDataViewType.Instance : NumberDataViewType.FromRaw(t);

    /// <summary>A reader of the member: the property getter bound as a delegate, or a compiled expression for fields.</summary>
    internal static Func<T, TValue> Getter<T, TValue>(MemberInfo m)
    {
        // Binding the accessor directly avoids run-time code generation (a cost paid at every
        // first load of a model in a process).
        if (m is PropertyInfo { GetMethod: { IsStatic: false } get } && !typeof(T).IsValueType)
            return get.CreateDelegate<Func<T, TValue>>();
        var obj = Expression.Parameter(typeof(T));
        Expression access = m is FieldInfo f ? Expression.Field(obj, f) : Expression.Property(obj, (PropertyInfo)m);
        return Expression.Lambda<Func<T, TValue>>(access, obj).Compile();
    }

    /// <summary>A writer of the member: the property setter bound as a delegate, or a compiled expression for fields.</summary>
    internal static Action<T, TValue> Setter<T, TValue>(MemberInfo m)
    {
        if (m is PropertyInfo { SetMethod: { IsStatic: false } set } && !typeof(T).IsValueType)
            return set.CreateDelegate<Action<T, TValue>>();
        var obj = Expression.Parameter(typeof(T));
        var value = Expression.Parameter(typeof(TValue));
        Expression access = m is FieldInfo f ? Expression.Field(obj, f) : Expression.Property(obj, (PropertyInfo)m);
        return Expression.Lambda<Action<T, TValue>>(Expression.Assign(access, value), obj, value).Compile();
    }
}
