using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetDeep.Schema;

/// <summary>
/// The annotations ML.NET's trainers put on the columns they add (ScoreColumnSetId,
/// ScoreColumnKind, ScoreValueKind, and SlotNames, KeyValues, TrainingLabelValues where they
/// apply), for data views and for estimators' schema shapes alike, so evaluators and
/// downstream transforms treat our columns as LightGbm's.
/// </summary>
internal static class ScoreAnnotations
{
    private static readonly KeyDataViewType SetIdType = new(typeof(uint), int.MaxValue);

    /// <summary>The next score column set id for <paramref name="input"/>: one more than the largest there.</summary>
    internal static uint NextSetId(DataViewSchema input)
    {
        uint max = 0;
        foreach (var c in input)
        {
            if (c.Annotations.Schema.GetColumnOrNull(AnnotationKinds.ScoreColumnSetId) is not { } a || a.Type.RawType != typeof(uint)) continue;
            uint id = 0;
            c.Annotations.GetValue(AnnotationKinds.ScoreColumnSetId, ref id);
            max = Math.Max(max, id);
        }
        return max + 1;
    }

    /// <summary>Annotations of an added column: the score set, its kind (e.g. "MulticlassClassification") and the value kind (Score, PredictedLabel, Probability).</summary>
    internal static DataViewSchema.Annotations For(uint setId, string scoreKind, string valueKind, Action<DataViewSchema.Annotations.Builder>? more = null, bool normalized = false)
    {
        var b = new DataViewSchema.Annotations.Builder();
        more?.Invoke(b);
        b.Add(AnnotationKinds.ScoreColumnSetId, SetIdType, (ref uint v) => v = setId);
        b.Add(AnnotationKinds.ScoreColumnKind, TextDataViewType.Instance, (ref ReadOnlyMemory<char> v) => v = scoreKind.AsMemory());
        b.Add(AnnotationKinds.ScoreValueKind, TextDataViewType.Instance, (ref ReadOnlyMemory<char> v) => v = valueKind.AsMemory());
        if (normalized) b.Add(AnnotationKinds.IsNormalized, BooleanDataViewType.Instance, (ref bool v) => v = true);
        return b.ToAnnotations();
    }

    /// <summary>The schema shapes of <see cref="For"/>'s annotations (as ML.NET's GetTrainerOutputAnnotation).</summary>
    internal static IEnumerable<Microsoft.ML.SchemaShape.Column> Shape(bool normalized = false)
    {
        yield return SchemaShapes.Scalar(AnnotationKinds.ScoreColumnSetId, NumberDataViewType.UInt32, isKey: true);
        yield return SchemaShapes.Scalar(AnnotationKinds.ScoreColumnKind, TextDataViewType.Instance);
        yield return SchemaShapes.Scalar(AnnotationKinds.ScoreValueKind, TextDataViewType.Instance);
        if (normalized) yield return SchemaShapes.Scalar(AnnotationKinds.IsNormalized, BooleanDataViewType.Instance);
    }
}
