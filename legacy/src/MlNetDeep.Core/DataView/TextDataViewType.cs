namespace MlNetDeep.Data;

/// <summary>Text (raw type string; null or "" for missing).</summary>
public sealed class TextDataViewType : PrimitiveDataViewType
{
    private TextDataViewType() : base(typeof(string)) { }

    /// <summary>The instance.</summary>
    public static TextDataViewType Instance { get; } = new();

    /// <inheritdoc />
    public override bool Equals(DataViewType? other) => ReferenceEquals(this, other);

    /// <inheritdoc />
    public override int GetHashCode() => 19;

    /// <inheritdoc />
    public override string ToString() => "String";
}
