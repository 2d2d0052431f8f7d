using System.Globalization;
using System.Text;

namespace MlNetDeep.Evaluation;

/// <summary>Counts of (true class, predicted class) pairs; rows are true classes, columns predicted ones.</summary>
public sealed class ConfusionMatrix
{
    internal ConfusionMatrix(long[,] counts, IReadOnlyList<string> classNames)
    {
        Counts = counts;
        ClassNames = classNames;
    }

    /// <summary>Counts[true, predicted].</summary>
    public long[,] Counts { get; }

    /// <summary>Class names by index.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>Number of classes.</summary>
    public int NumberOfClasses => ClassNames.Count;

    /// <summary>The matrix as an aligned text table with class names.</summary>
    public string GetFormattedConfusionTable()
    {
        int w = Math.Max(8, ClassNames.Max(n => n.Length) + 1);
        var sb = new StringBuilder();
        sb.Append("true \\ predicted".PadRight(w + 4));
        foreach (string n in ClassNames) sb.Append(n.PadLeft(w));
        sb.AppendLine();
        for (int i = 0; i < NumberOfClasses; i++)
        {
            sb.Append(ClassNames[i].PadRight(w + 4));
            for (int j = 0; j < NumberOfClasses; j++) sb.Append(Counts[i, j].ToString(CultureInfo.InvariantCulture).PadLeft(w));
            sb.AppendLine();
        }
        return sb.ToString();
    }
}
