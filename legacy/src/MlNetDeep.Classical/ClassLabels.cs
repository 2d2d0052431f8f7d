using System.Globalization;
using MlNetDeep.Data;

namespace MlNetDeep.Classical;

/// <summary>Label checks shared by the classical classifiers.</summary>
internal static class ClassLabels
{
    /// <summary>The class names of a key label column (its key values, or "0", "1", … without them); at least two.</summary>
    public static IReadOnlyList<string> Of(DataViewSchema.Column label)
    {
        var k = (KeyDataViewType)label.Type;
        var names = label.KeyValues ?? Enumerable.Range(0, checked((int)k.Count)).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();
        if (names.Count < 2) throw new ArgumentException($"Label column '{label.Name}' has {names.Count} class; a classifier needs at least 2.");
        return names;
    }

    /// <summary>
    /// Training labels (0/1 for Boolean labels, class indices for keys) must hold at least two classes.
    /// </summary>
    /// <exception cref="ArgumentException">Every label is the same; the message names the column and the class.</exception>
    public static void RequireTwo(ReadOnlySpan<float> labels, string column, IReadOnlyList<string>? classNames)
    {
        float first = labels[0];
        if (labels.IndexOfAnyExcept(first) >= 0) return;
        string which = classNames is null ? (first == 1 ? "true" : "false") : $"class {first + 1} of {classNames.Count} ('{classNames[(int)first]}')";
        throw new ArgumentException($"Every training label in column '{column}' is {which}; a classifier needs examples of at least two classes.");
    }

    /// <summary>
    /// Reads a classifier's training data: the label a key (multiclass) or Boolean (binary), no NaN features, at least two
    /// classes present. Labels come back as class indices (multiclass) or 0/1; the class names are null for binary.
    /// </summary>
    /// <exception cref="SchemaMismatchException">A column is missing or of the wrong type; the column is named.</exception>
    /// <exception cref="ArgumentException">No rows, a NaN feature or missing label (row named), or a single class.</exception>
    public static (float[] X, int Rows, int Width, float[] Labels, IReadOnlyList<string>? Classes) ReadTraining(IDataView input, string featureColumn,
        string labelColumn, bool multiclass)
    {
        var label = LabelColumns.Require(input.Schema, labelColumn, multiclass ? LabelKind.Key : LabelKind.Boolean);
        IReadOnlyList<string>? classes = multiclass ? Of(label) : null;
        var (x, n, d, y) = DenseData.Read(input, featureColumn, labelColumn, allowMissing: false);
        RequireTwo(y!, labelColumn, classes);
        return (x, n, d, y!, classes);
    }
}
