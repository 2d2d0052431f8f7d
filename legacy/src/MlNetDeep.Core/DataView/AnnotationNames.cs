namespace MlNetDeep.Data;

/// <summary>Well-known annotation names.</summary>
public static class AnnotationNames
{
    /// <summary>On a key column: the category names (string[]), index i naming key i + 1.</summary>
    public const string KeyValues = "KeyValues";

    /// <summary>On a vector column: the name of each slot (string[]).</summary>
    public const string SlotNames = "SlotNames";

    /// <summary>On a score column: the kind of score (e.g. "MulticlassClassification").</summary>
    public const string ScoreColumnKind = "ScoreColumnKind";
}
