namespace MlNetDeep.Data;

/// <summary>
/// A dense vector value: the first <see cref="Length"/> entries of <see cref="Buffer"/>.
/// Getters may reuse a buffer's array when it is large enough, so copy values you keep.
/// </summary>
/// <typeparam name="T">Element type.</typeparam>
public readonly struct VBuffer<T>
{
    private readonly T[]? _values;

    /// <summary>Wraps the first <paramref name="length"/> entries of <paramref name="values"/>.</summary>
    public VBuffer(int length, T[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (length > values.Length) throw new ArgumentException($"Length {length} exceeds the array's {values.Length} entries.", nameof(length));
        Length = length;
        _values = values;
    }

    /// <summary>Wraps a whole array.</summary>
    public VBuffer(T[] values) : this((values ?? throw new ArgumentNullException(nameof(values))).Length, values) { }

    /// <summary>Number of elements.</summary>
    public int Length { get; }

    /// <summary>The elements.</summary>
    public ReadOnlySpan<T> GetValues() => _values is null ? ReadOnlySpan<T>.Empty : _values.AsSpan(0, Length);

    /// <summary>The backing array (possibly longer than <see cref="Length"/>), for reuse by getters.</summary>
    public T[]? Buffer => _values;

    /// <summary>A buffer of <paramref name="length"/> elements reusing this one's array when it is large enough.</summary>
    public T[] Reuse(int length) => _values is { } v && v.Length >= length ? v : new T[length];

    /// <summary>A copy of the elements.</summary>
    public T[] ToArray() => GetValues().ToArray();
}
