namespace MlNetDeep.Data;

/// <summary>Marks a uint member as a key with <see cref="Count"/> categories (0 = missing).</summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property)]
public sealed class KeyTypeAttribute(ulong count) : Attribute
{
    /// <summary>Number of categories.</summary>
    public ulong Count { get; } = count;
}
