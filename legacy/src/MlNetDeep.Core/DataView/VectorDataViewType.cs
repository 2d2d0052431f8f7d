namespace MlNetDeep.Data;

/// <summary>
/// A vector of <see cref="ItemType"/> values (raw type <see cref="VBuffer{T}"/>). Fixed-size
/// vectors carry a shape (e.g. [1, 28, 28] for an image); a variable-length vector (a
/// sequence) has no shape and <see cref="Size"/> 0.
/// </summary>
public sealed class VectorDataViewType : DataViewType
{
    /// <summary>A fixed-size vector with the given dimensions (one dimension: a plain vector).</summary>
    public VectorDataViewType(PrimitiveDataViewType itemType, params int[] dimensions)
        : base(typeof(VBuffer<>).MakeGenericType((itemType ?? throw new ArgumentNullException(nameof(itemType))).RawType))
    {
        ArgumentNullException.ThrowIfNull(dimensions);
        bool positive = true;
        foreach (int d in dimensions) positive &= d > 0;
        if (!positive)
            throw new ArgumentException($"Vector dimensions must be positive; got [{string.Join(", ", dimensions)}]. Use the variable-length constructor for sequences.", nameof(dimensions));
        ItemType = itemType;
        Dimensions = dimensions.Length == 0 ? [] : (int[])dimensions.Clone();
        long size = 1;
        foreach (int d in Dimensions) size = checked(size * d);
        Size = dimensions.Length == 0 ? 0 : checked((int)size);
    }

    /// <summary>A variable-length vector (sequence) of <paramref name="itemType"/>.</summary>
    public VectorDataViewType(PrimitiveDataViewType itemType) : this(itemType, Array.Empty<int>()) { }

    /// <summary>Type of each element.</summary>
    public PrimitiveDataViewType ItemType { get; }

    /// <summary>Shape of a fixed-size vector; empty for variable length.</summary>
    public IReadOnlyList<int> Dimensions { get; }

    /// <summary>Number of elements (product of the dimensions), or 0 for variable length.</summary>
    public int Size { get; }

    /// <summary>True when every value has <see cref="Size"/> elements.</summary>
    public bool IsKnownSize => Size > 0;

    /// <inheritdoc />
    public override bool Equals(DataViewType? other) =>
        other is VectorDataViewType v && v.ItemType.Equals(ItemType) && SameDimensions(v.Dimensions, Dimensions);

    private static bool SameDimensions(IReadOnlyList<int> a, IReadOnlyList<int> b)
    {
        if (a.Count != b.Count) return false;
        for (int i = 0; i < a.Count; i++)
            if (a[i] != b[i]) return false;
        return true;
    }

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(ItemType, Size);

    /// <inheritdoc />
    public override string ToString() => IsKnownSize ? $"Vector<{ItemType}, {string.Join(", ", Dimensions)}>" : $"Vector<{ItemType}>";
}
