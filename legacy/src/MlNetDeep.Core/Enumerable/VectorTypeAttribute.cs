namespace MlNetDeep.Data;

/// <summary>Marks an array member as a fixed-size vector with the given dimensions (e.g. 1, 28, 28).</summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property)]
public sealed class VectorTypeAttribute(params int[] dimensions) : Attribute
{
    /// <summary>The vector's shape.</summary>
    public IReadOnlyList<int> Dimensions { get; } = dimensions;
}
