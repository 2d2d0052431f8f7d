using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetDeep.Schema;

/// <summary>
/// The values a key label stands for (its KeyValues annotation), captured at training time so a
/// fitted model names its PredictedLabel keys and Score slots without the training data.
/// Works for any item type ML.NET allows there (text, numbers).
/// </summary>
internal sealed class LabelValues
{
    private readonly Action<DataViewSchema.Annotations.Builder, string> _add;

    private LabelValues(int count, VectorDataViewType type, string[] names, Action<DataViewSchema.Annotations.Builder, string> add) =>
        (Count, Type, Names, _add) = (count, type, names, add);

    /// <summary>How many classes.</summary>
    internal int Count { get; }

    /// <summary>The annotation's type, e.g. Vector&lt;String, 10&gt;.</summary>
    internal VectorDataViewType Type { get; }

    /// <summary>The values as text (slot names of the score column).</summary>
    internal IReadOnlyList<string> Names { get; }

    /// <summary>Adds the values as annotation <paramref name="kind"/> (KeyValues, TrainingLabelValues) with their own type.</summary>
    internal void AddTo(DataViewSchema.Annotations.Builder builder, string kind) => _add(builder, kind);

    /// <summary>The key values of <paramref name="label"/>, or "1".."count" when it has none.</summary>
    internal static LabelValues Of(DataViewSchema.Column label, int count)
    {
        var column = label.Annotations.Schema.GetColumnOrNull(AnnotationKinds.KeyValues);
        if (column is { Type: VectorDataViewType { Size: > 0 } type } && type.Size == count)
        {
            var read = typeof(LabelValues).GetMethod(nameof(Read), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
                .MakeGenericMethod(type.ItemType.RawType);
            return (LabelValues)read.Invoke(null, [label.Annotations, type])!;
        }
        string[] numbers = Enumerable.Range(1, count).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();
        return FromText(numbers);
    }

    /// <summary>Text values.</summary>
    internal static LabelValues FromText(IReadOnlyList<string> names)
    {
        var values = new VBuffer<ReadOnlyMemory<char>>(names.Count, names.Select(n => n.AsMemory()).ToArray());
        var type = new VectorDataViewType(TextDataViewType.Instance, names.Count);
        return new LabelValues(names.Count, type, names.ToArray(), (b, kind) => b.Add(kind, type, (ref VBuffer<ReadOnlyMemory<char>> v) => values.CopyTo(ref v)));
    }

    private static LabelValues Read<T>(DataViewSchema.Annotations annotations, VectorDataViewType type)
    {
        VBuffer<T> values = default;
        annotations.GetValue(AnnotationKinds.KeyValues, ref values);
        var kept = new VBuffer<T>(values.Length, values.DenseValues().ToArray());
        string[] names = kept.DenseValues().Select(v => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "").ToArray();
        return new LabelValues(type.Size, type, names, (b, kind) => b.Add(kind, type, (ref VBuffer<T> v) => kept.CopyTo(ref v)));
    }
}
