namespace MlNetDeep.Data;

/// <summary>
/// A category index, as in ML.NET: raw type uint, 0 means missing, 1..<see cref="Count"/>
/// are the categories. The names of the categories (class names) are the column's
/// <see cref="AnnotationNames.KeyValues"/> annotation. Tensors see keys as 0-based Int64.
/// </summary>
public sealed class KeyDataViewType : PrimitiveDataViewType
{
    /// <summary>Creates a key type with <paramref name="count"/> categories.</summary>
    public KeyDataViewType(ulong count) : base(typeof(uint))
    {
        if (count is 0 or > uint.MaxValue) throw new ArgumentOutOfRangeException(nameof(count), count, "A key type needs 1 to 2^32-1 categories.");
        Count = count;
    }

    /// <summary>A key type whose count is not known yet (in a <see cref="SchemaShape"/> before fitting).</summary>
    internal KeyDataViewType() : base(typeof(uint)) => Count = 0;

    /// <summary>A key of unknown count, for schema shapes.</summary>
    public static KeyDataViewType Unknown { get; } = new();

    /// <summary>Number of categories (0 when not known yet).</summary>
    public ulong Count { get; }

    /// <inheritdoc />
    public override bool Equals(DataViewType? other) => other is KeyDataViewType k && k.Count == Count;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(23, Count);

    /// <inheritdoc />
    public override string ToString() => Count == 0 ? "Key<UInt32>" : $"Key<UInt32, 0-{Count - 1}>";
}
