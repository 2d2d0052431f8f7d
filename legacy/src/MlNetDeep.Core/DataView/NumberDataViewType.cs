namespace MlNetDeep.Data;

/// <summary>Numeric scalar types. Floating types use NaN for a missing value.</summary>
public sealed class NumberDataViewType : PrimitiveDataViewType
{
    private readonly string _name;

    private NumberDataViewType(Type rawType, string name) : base(rawType) => _name = name;

    /// <summary>float.</summary>
    public static NumberDataViewType Single { get; } = new(typeof(float), "Single");
    /// <summary>double.</summary>
    public static NumberDataViewType Double { get; } = new(typeof(double), "Double");
    /// <summary>int.</summary>
    public static NumberDataViewType Int32 { get; } = new(typeof(int), "Int32");
    /// <summary>long.</summary>
    public static NumberDataViewType Int64 { get; } = new(typeof(long), "Int64");
    /// <summary>byte.</summary>
    public static NumberDataViewType Byte { get; } = new(typeof(byte), "Byte");

    /// <summary>The instance for a .NET numeric type, or null.</summary>
    public static NumberDataViewType? FromRaw(Type t) =>
        t == typeof(float) ? Single : t == typeof(double) ? Double : t == typeof(int) ? Int32 : t == typeof(long) ? Int64 : t == typeof(byte) ? Byte : null;

    /// <inheritdoc />
    public override bool Equals(DataViewType? other) => ReferenceEquals(this, other);

    /// <inheritdoc />
    public override int GetHashCode() => _name.GetHashCode(StringComparison.Ordinal);

    /// <inheritdoc />
    public override string ToString() => _name;
}
