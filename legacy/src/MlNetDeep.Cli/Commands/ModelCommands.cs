using System.Globalization;
using System.Text;
using MlNetDeep.Cli.Compare;
using MlNetDeep.Cli.Specs;
using MlNetDeep.Data;

namespace MlNetDeep.Cli.Commands;

/// <summary><c>inspect</c>, <c>evaluate</c> and <c>predict</c>: what a model zip is, how it scores, and what it predicts.</summary>
internal static class ModelCommands
{
    internal const string InspectUsage = """
        usage: mlnetdeep inspect <model.zip>
          Prints the zip's format and library versions, the input schema it expects, its output columns, its components and provenance
          (training options and final metrics). A corrupt or hostile zip is reported with the loader's message (exit code 4).
        """;

    internal const string EvaluateUsage = """
        usage: mlnetdeep evaluate <model.zip> <pipeline.yaml> [--quick]
          Scores the model on the pipeline spec's test data with the task's evaluator and prints key=value metrics.
        """;

    internal const string PredictUsage = """
        usage: mlnetdeep predict <model.zip> <pipeline.yaml> [--rows N] [--output FILE.csv] [--quick]
          Predicts the pipeline spec's test data: prints the first N rows (default 10) and writes every row to FILE.csv when given.
        """;

    internal static int Inspect(string[] args)
    {
        var cl = new CommandLine(args, [], ["--verbose"]);
        string path = cl.Positional(0, "the model zip");
        cl.AtMostPositionals(1);
        var info = new MLContext(1).Model.LoadWithInfo(path);
        var o = Console.Out;
        o.WriteLine($"model: {path} ({new FileInfo(path).Length.ToString("N0", CultureInfo.InvariantCulture)} bytes)");
        o.WriteLine($"format version: {info.FormatVersion}, written by MlNetDeep {info.LibraryVersion}");
        o.WriteLine("input schema:");
        foreach (var c in info.InputSchema) o.WriteLine($"  {c.Name}: {c.Type}{(c.KeyValues is { } k ? $" [{string.Join(", ", k)}]" : "")}");
        o.WriteLine("output columns:");
        foreach (var c in info.Model.GetOutputSchema(info.InputSchema).Where(c => info.InputSchema.GetColumnOrNull(c.Name) is null)) o.WriteLine($"  {c.Name}: {c.Type}");
        o.WriteLine("components:");
        foreach (var (id, name) in info.Components.OrderBy(c => c.Key, StringComparer.Ordinal)) o.WriteLine($"  {id}: {name}");
        o.WriteLine("training options:");
        foreach (var (k, v) in info.Provenance.TrainingOptions) o.WriteLine($"  {k}: {v}");
        o.WriteLine("metrics:");
        foreach (var (k, v) in info.Provenance.Metrics) o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {k}: {v:F4}"));
        (info.Model as IDisposable)?.Dispose();
        return 0;
    }

    private static (ITransformer Model, PipelineSpec Spec, MLContext Ctx, IDataView Scored) Score(CommandLine cl)
    {
        string model = cl.Positional(0, "the model zip");
        string spec = cl.Positional(1, "the pipeline spec whose test data to use");
        cl.AtMostPositionals(2);
        var ctx = new MLContext(1);
        var loaded = ctx.Model.Load(model, out _);
        var s = PipelineSpec.Load(spec, cl.Flag("--quick"));
        var (_, test) = s.LoadData(ctx);
        return (loaded, s, ctx, loaded.Transform(test));
    }

    internal static int Evaluate(string[] args)
    {
        var (model, spec, ctx, scored) = Score(new CommandLine(args, [], ["--quick", "--verbose"]));
        var eval = Compare.Evaluation.Evaluate(ctx, spec.Task, scored, spec.LabelColumn);
        foreach (var (k, v) in eval.Metrics) Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{k}={v:F4}"));
        (model as IDisposable)?.Dispose();
        return 0;
    }

    internal static int Predict(string[] args)
    {
        var cl = new CommandLine(args, ["--rows", "--output"], ["--quick", "--verbose"]);
        int rows = cl.PositiveInt("--rows") ?? 10;
        var (model, spec, _, scored) = Score(cl);
        var label = scored.Schema.GetColumnOrNull(spec.LabelColumn);
        var predicted = scored.Schema.GetColumnOrNull("PredictedLabel");
        var score = scored.Schema.GetColumnOrNull("Score");
        if (predicted is null && score is null) throw new InvalidOperationException("The model outputs neither PredictedLabel nor Score.");
        var columns = new[] { label, predicted, score }.Where(c => c is not null).Select(c => c!).ToList();
        var csv = cl.Value("--output") is { } path ? new StreamWriter(path, false, new UTF8Encoding(false)) : null;
        csv?.WriteLine("row,label,predicted,score");
        using (csv)
        using (var cursor = scored.GetRowCursor(columns))
        {
            var read = columns.Select(c => Reader(cursor, c)).ToList();
            long n = 0;
            while (cursor.MoveNext())
            {
                string Cell(DataViewSchema.Column? c) => c is null ? "" : read[columns.IndexOf(c)]();
                string line = string.Create(CultureInfo.InvariantCulture, $"{cursor.Position},{Cell(label)},{Cell(predicted)},{Cell(score)}");
                if (n < rows) Console.WriteLine(line);
                csv?.WriteLine(line);
                n++;
                if (csv is null && n >= rows) break;
            }
            if (csv is not null) Console.WriteLine($"predictions={cl.Value("--output")} ({n} rows)");
        }
        (model as IDisposable)?.Dispose();
        return 0;
    }

    /// <summary>A column's value as CSV text: key columns as their class names, score vectors as the top score.</summary>
    private static Func<string> Reader(DataViewRowCursor cursor, DataViewSchema.Column c)
    {
        var inv = CultureInfo.InvariantCulture;
        switch (c.Type)
        {
            case KeyDataViewType:
            {
                var g = cursor.GetGetter<uint>(c);
                var names = c.KeyValues;
                uint v = 0;
                return () => { g(ref v); return v == 0 ? "" : names is not null && v <= names.Count ? CsvCell.Of(names[(int)v - 1]) : v.ToString(inv); };
            }
            case VectorDataViewType { ItemType: NumberDataViewType n } when n.RawType == typeof(float):
            {
                var g = cursor.GetGetter<VBuffer<float>>(c);
                var v = default(VBuffer<float>);
                return () => { g(ref v); var s = v.GetValues(); return s.IsEmpty ? "" : System.Numerics.Tensors.TensorPrimitives.Max(s).ToString("G6", inv); };
            }
            case NumberDataViewType n when n.RawType == typeof(float):
            {
                var g = cursor.GetGetter<float>(c);
                float v = 0;
                return () => { g(ref v); return v.ToString("G6", inv); };
            }
            case NumberDataViewType n when n.RawType == typeof(double):
            {
                var g = cursor.GetGetter<double>(c);
                double v = 0;
                return () => { g(ref v); return v.ToString("G6", inv); };
            }
            default:
                return () => "";
        }
    }
}
