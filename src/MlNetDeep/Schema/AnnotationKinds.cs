namespace MlNetDeep.Schema;

/// <summary>The annotation names ML.NET's own columns carry (ML.NET keeps its constants internal).</summary>
internal static class AnnotationKinds
{
    internal const string KeyValues = "KeyValues";
    internal const string SlotNames = "SlotNames";
    internal const string TrainingLabelValues = "TrainingLabelValues";
    internal const string ScoreColumnSetId = "ScoreColumnSetId";
    internal const string ScoreColumnKind = "ScoreColumnKind";
    internal const string ScoreValueKind = "ScoreValueKind";
    internal const string IsNormalized = "IsNormalized";
}
