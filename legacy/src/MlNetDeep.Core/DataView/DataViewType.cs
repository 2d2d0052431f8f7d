namespace MlNetDeep.Data;

/// <summary>
/// The type of a column in an <see cref="IDataView"/>: a number, bool, text, a key (a
/// category index with optional value names), or a vector of one of those.
/// </summary>
public abstract class DataViewType : IEquatable<DataViewType>
{
    /// <summary>Creates a type whose values are stored as <paramref name="rawType"/> (for extension types such as images).</summary>
    protected DataViewType(Type rawType) => RawType = rawType ?? throw new ArgumentNullException(nameof(rawType));

    /// <summary>The .NET type a getter of this column produces.</summary>
    public Type RawType { get; }

    /// <inheritdoc />
    public abstract bool Equals(DataViewType? other);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is DataViewType t && Equals(t);

    /// <inheritdoc />
    public override int GetHashCode() => RawType.GetHashCode();
}
