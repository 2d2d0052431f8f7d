using System.Globalization;
using MlNetDeep.Data;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace MlNetDeep.Cli.Specs;

/// <summary>
/// A declarative pipeline (YAML, or JSON, which is YAML too; the schema is
/// <c>pipelines/pipeline.schema.json</c>): its data, transforms and trainer, each written as a
/// call of one of our catalogs' methods with named arguments. See docs/cli.md.
/// </summary>
internal sealed class PipelineSpec
{
    private static readonly string[] s_topKeys = ["name", "description", "task", "label_column", "budget_seconds", "data", "transforms", "trainer", "automl", "quick"];
    private static readonly string[] s_dataKeys = ["train", "test", "source", "test_fraction", "split_seed", "train_limit", "test_limit"];

    private readonly SpecBinder _binder;
    private readonly YamlMappingNode _data;
    private readonly YamlSequenceNode? _transforms;
    private readonly YamlNode? _trainer;
    private readonly YamlNode? _automl;

    public string File { get; }
    public string Name { get; }
    public string? Description { get; }
    public PipelineTask Task { get; }
    public string LabelColumn { get; }
    public double? BudgetSeconds { get; }

    /// <summary>Whether the spec searches (an <c>automl</c> section) instead of naming a trainer.</summary>
    public bool IsAutoML => _automl is not null;

    /// <summary>The trainer's catalog name as written (e.g. NeuralNetwork, XGBoost); "AutoML" for a search.</summary>
    public string TrainerName { get; }

    /// <summary>The test data's definition as text: pipelines compared side by side must agree on it.</summary>
    public string TestDataKey { get; }

    private PipelineSpec(string file, YamlMappingNode root)
    {
        File = file;
        _binder = new SpecBinder(file);
        foreach (var (k, _) in root.Children)
        {
            string key = _binder.Scalar(k, "a top-level key");
            if (!s_topKeys.Contains(key)) throw _binder.Error(k, $"unknown key '{key}'.{Suggest.Hint(key, s_topKeys, "keys")}");
        }
        Name = Optional(root, "name") is { } n ? _binder.Scalar(n, "name") : Path.GetFileNameWithoutExtension(file);
        Description = Optional(root, "description") is { } d ? _binder.Scalar(d, "description") : null;
        var taskNode = Required(root, "task", "the task (multiclass, binary, regression, clustering, anomaly_detection or multi_label)");
        Task = (PipelineTask)_binder.Bind(taskNode, typeof(PipelineTask), "task")!;
        LabelColumn = Optional(root, "label_column") is { } l ? _binder.Scalar(l, "label_column") : "Label";
        if (Optional(root, "budget_seconds") is { } b)
        {
            BudgetSeconds = (double)_binder.Bind(b, typeof(double), "budget_seconds")!;
            if (BudgetSeconds <= 0) throw _binder.Error(b, $"budget_seconds must be positive, found {BudgetSeconds}.");
        }
        _data = Required(root, "data", "the data section") as YamlMappingNode ?? throw _binder.Error(root["data"], "data must be a mapping (train/test, or source and test_fraction).");
        foreach (var (k, _) in _data.Children)
        {
            string key = _binder.Scalar(k, "a data key");
            if (!s_dataKeys.Contains(key)) throw _binder.Error(k, $"unknown data key '{key}'.{Suggest.Hint(key, s_dataKeys, "keys")}");
        }
        if (Optional(_data, "source") is null && (Optional(_data, "train") is null || Optional(_data, "test") is null))
            throw _binder.Error(_data, "data needs either 'train' and 'test' loaders, or a 'source' loader to split with 'test_fraction'.");
        TestDataKey = string.Join("|", new[] { "test", "source", "test_fraction", "split_seed", "test_limit" }.Select(k => Optional(_data, k)?.ToString() ?? "-"));
        if (Optional(root, "transforms") is { } t && !SpecBinder.IsNull(t))
            _transforms = t as YamlSequenceNode ?? throw _binder.Error(t, "transforms must be a list of one-key mappings, e.g. '- normalize_min_max: { output_column_name: Features }'.");
        _automl = Optional(root, "automl");
        if (_automl is not null)
        {
            if (Optional(root, "trainer") is { } both) throw _binder.Error(both, "a spec has either a trainer or an automl section (a search over trainers), not both.");
            if (!SpecBinder.IsNull(_automl) && _automl is not YamlMappingNode) throw _binder.Error(_automl, "automl must be a mapping of search settings, e.g. 'automl: { time_budget: 600, trainers: [Cnn, XGBoost] }'.");
            TrainerName = "AutoML";
            return;
        }
        _trainer = Required(root, "trainer", "the trainer, e.g. 'trainer: { xgboost: { number_of_rounds: 100 } }' (or an 'automl' section to search for one)");
        // The catalog's own spelling (NeuralNetwork for neural_network) when the name is known.
        string written = OneKey(_trainer, "trainer").Name;
        TrainerName = ComponentCatalog.Find<IEstimator<ITransformer>>(ComponentCatalog.Trainers(new MLContext(1), Task), written).FirstOrDefault()?.Name ?? written;
    }

    /// <summary>Reads and checks a spec file; with <paramref name="quick"/>, its <c>quick</c> section is merged over it first.</summary>
    /// <exception cref="SpecException">The file is not valid YAML or breaks a rule; the message has its line and column.</exception>
    public static PipelineSpec Load(string path, bool quick = false)
    {
        if (!System.IO.File.Exists(path)) throw new FileNotFoundException($"Pipeline spec '{path}' does not exist.", path);
        var stream = new YamlStream();
        try
        {
            using var reader = new StreamReader(path);
            stream.Load(reader);
        }
        catch (YamlException e)
        {
            throw SpecException.At(path, e.Start, $"not valid YAML: {e.InnerException?.Message ?? e.Message}");
        }
        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new SpecException(path, 1, 1, "a spec is one YAML (or JSON) mapping with task, data and trainer.");
        if (root.Children.TryGetValue(new YamlScalarNode("quick"), out var q))
        {
            root.Children.Remove(new YamlScalarNode("quick"));
            if (quick)
            {
                if (q is not YamlMappingNode qm) throw SpecException.At(path, q, "quick must be a mapping of settings that override the spec's.");
                Merge(root, qm);
            }
        }
        return new PipelineSpec(path, root);
    }

    /// <summary>Overrides <paramref name="target"/>'s keys with <paramref name="over"/>'s, recursively for mappings.</summary>
    private static void Merge(YamlMappingNode target, YamlMappingNode over)
    {
        foreach (var (k, v) in over.Children)
        {
            if (target.Children.TryGetValue(k, out var existing) && existing is YamlMappingNode em && v is YamlMappingNode vm) Merge(em, vm);
            else target.Children[k] = v;
        }
    }

    private static YamlNode? Optional(YamlMappingNode map, string key) => map.Children.TryGetValue(new YamlScalarNode(key), out var v) ? v : null;

    private YamlNode Required(YamlMappingNode map, string key, string what) => Optional(map, key) ?? throw _binder.Error(map, $"missing '{key}': {what}.");

    private (string Name, YamlNode Key, YamlMappingNode? Args) OneKey(YamlNode node, string what)
    {
        if (node is YamlScalarNode s && !SpecBinder.IsNull(s)) return (s.Value!, s, null);
        if (node is not YamlMappingNode { Children.Count: 1 } m)
            throw _binder.Error(node, $"{what} must name one catalog method with its arguments, e.g. '{what}: {{ method_name: {{ argument: value }} }}'.");
        var (k, v) = m.Children.First();
        var args = SpecBinder.IsNull(v) ? null : v as YamlMappingNode ?? throw _binder.Error(v, $"the arguments of {_binder.Scalar(k, what)} must be a mapping of names to values.");
        return (_binder.Scalar(k, what), k, args);
    }

    /// <summary>Loads the train and test sets (split when the spec names one source), with the row limits applied.</summary>
    public (IDataView Train, IDataView Test) LoadData(MLContext ctx)
    {
        IDataView train, test;
        if (Optional(_data, "source") is { } source)
        {
            var all = Loader(ctx, source, "data.source");
            double fraction = Optional(_data, "test_fraction") is { } f ? (double)_binder.Bind(f, typeof(double), "data.test_fraction")! : 0.2;
            if (fraction is <= 0 or >= 1) throw _binder.Error(Optional(_data, "test_fraction")!, $"test_fraction must be in (0, 1), found {fraction}.");
            int seed = Optional(_data, "split_seed") is { } s ? (int)_binder.Bind(s, typeof(int), "data.split_seed")! : 1;
            var split = ctx.Data.TrainTestSplit(all, fraction, seed: seed);
            (train, test) = (split.TrainSet, split.TestSet);
        }
        else
        {
            train = Loader(ctx, Optional(_data, "train")!, "data.train");
            test = Loader(ctx, Optional(_data, "test")!, "data.test");
        }
        if (Optional(_data, "train_limit") is { } tl) train = ctx.Data.TakeRows(train, Limit(tl, "data.train_limit"));
        if (Optional(_data, "test_limit") is { } sl) test = ctx.Data.TakeRows(test, Limit(sl, "data.test_limit"));
        return (train, test);
    }

    private long Limit(YamlNode node, string what)
    {
        long v = (long)_binder.Bind(node, typeof(long), what)!;
        return v > 0 ? v : throw _binder.Error(node, $"{what} must be a positive number of rows, found {v}.");
    }

    private IDataView Loader(MLContext ctx, YamlNode node, string what)
    {
        var (name, key, args) = OneKey(node, what);
        var overloads = ComponentCatalog.Find<IDataView>(ctx.Data, name);
        if (overloads.Count == 0)
            throw _binder.Error(key, $"no data loader '{name}'.{Suggest.Hint(name, ComponentCatalog.Names<IDataView>(ctx.Data).Where(n => n.StartsWith("Load", StringComparison.Ordinal)), "loaders")}");
        try
        {
            return (IDataView)_binder.Invoke(overloads, ctx.Data, ResolvePaths(args), key, $"{what} {overloads[0].Name}")!;
        }
        catch (System.Reflection.TargetInvocationException e) when (e.InnerException is IOException io)
        {
            throw _binder.Error(key, io.Message);
        }
    }

    /// <summary>Arguments that name files or folders, at any depth (an options record's too), are relative to the spec's directory.</summary>
    private YamlMappingNode? ResolvePaths(YamlMappingNode? args)
    {
        if (args is null) return null;
        string dir = Path.GetDirectoryName(Path.GetFullPath(File))!;
        foreach (var (k, v) in args.Children)
        {
            if (v is YamlMappingNode nested)
            {
                ResolvePaths(nested);
                continue;
            }
            string n = Suggest.Normalize(_binder.Scalar(k, "an argument name"));
            bool isPath = n.EndsWith("path", StringComparison.Ordinal) || n.EndsWith("directory", StringComparison.Ordinal) || n.EndsWith("folder", StringComparison.Ordinal) || n == "root";
            if (isPath && v is YamlScalarNode { Value: { Length: > 0 } p } s && !Path.IsPathRooted(p)) s.Value = Path.Combine(dir, p);
        }
        return args;
    }

    /// <summary>
    /// The transforms appended in order, then the trainer. With <paramref name="budget"/>, a
    /// trainer whose options have a <c>TimeBudget</c> the spec leaves unset stops at it.
    /// </summary>
    public IEstimator<ITransformer> BuildEstimator(MLContext ctx, TimeSpan? budget = null)
    {
        if (_automl is not null) throw _binder.Error(_automl, "this spec searches for its trainer (automl): run it with 'mlnetdeep automl'.");
        return Chain(Steps(ctx, budget))!;
    }

    /// <summary>The spec's transforms chained, without its trainer (null when it has none): the featurization an AutoML search shares.</summary>
    public IEstimator<ITransformer>? BuildTransforms(MLContext ctx) => Chain(Steps(ctx, null, trainer: false));

    private static IEstimator<ITransformer>? Chain(List<(IEstimator<ITransformer> Step, YamlNode At, string What)> steps)
    {
        IEstimator<ITransformer>? chain = null;
        foreach (var (step, _, _) in steps) chain = chain is null ? step : chain.Append(step);
        return chain;
    }

    /// <summary>The <c>automl</c> section's settings (defaults when the spec has none or names a trainer).</summary>
    public AutoMLSettings AutoMLSettings() => _automl is null || SpecBinder.IsNull(_automl)
        ? new AutoMLSettings()
        : (AutoMLSettings)_binder.Bind(ResolvePaths((YamlMappingNode)_automl)!, typeof(AutoMLSettings), "automl")!;

    /// <summary>
    /// Checks every step against the columns it will receive from <paramref name="input"/>
    /// (a missing or mistyped column is reported at the step's line in the spec).
    /// </summary>
    public void CheckColumns(MLContext ctx, DataViewSchema input)
    {
        var shape = SchemaShape.Create(input);
        foreach (var (step, at, what) in Steps(ctx, null, trainer: _automl is null))
        {
            try
            {
                shape = step.GetOutputSchema(shape);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                throw _binder.Error(at, $"{what}: {e.Message} (the data has: {string.Join(", ", shape.Select(c => c.Name))})");
            }
        }
    }

    /// <summary>Each step of the pipeline with the spec node it came from.</summary>
    private List<(IEstimator<ITransformer> Step, YamlNode At, string What)> Steps(MLContext ctx, TimeSpan? budget, bool trainer = true)
    {
        var steps = new List<(IEstimator<ITransformer>, YamlNode, string)>();
        if (_transforms is not null)
        {
            var catalogs = ComponentCatalog.TransformCatalogs(ctx).ToList();
            for (int i = 0; i < _transforms.Children.Count; i++)
            {
                var (name, key, args) = OneKey(_transforms.Children[i], $"transforms[{i}]");
                var owner = catalogs.FirstOrDefault(c => ComponentCatalog.Find<IEstimator<ITransformer>>(c, name).Count > 0)
                    ?? throw _binder.Error(key, $"no transform '{name}'.{Suggest.Hint(name, catalogs.SelectMany(ComponentCatalog.Names<IEstimator<ITransformer>>), "transforms")}");
                string what = $"transforms[{i}] {name}";
                steps.Add(((IEstimator<ITransformer>)_binder.Invoke(ComponentCatalog.Find<IEstimator<ITransformer>>(owner, name), owner, ResolvePaths(args), key, what)!, key, what));
            }
        }
        if (!trainer) return steps;
        var (trainerName, trainerKey, _) = OneKey(_trainer!, "trainer");
        steps.Add((Trainer(ctx, budget), trainerKey, $"trainer {trainerName}"));
        return steps;
    }

    private IEstimator<ITransformer> Trainer(MLContext ctx, TimeSpan? budget)
    {
        var (name, key, args) = OneKey(_trainer!, "trainer");
        object catalog = ComponentCatalog.Trainers(ctx, Task);
        var overloads = ComponentCatalog.Find<IEstimator<ITransformer>>(catalog, name);
        if (overloads.Count == 0)
            throw _binder.Error(key, $"no {Snake(Task)} trainer '{name}'.{Suggest.Hint(name, ComponentCatalog.Names<IEstimator<ITransformer>>(catalog), "trainers")}");
        if (budget is { } b && !(args?.Children.Keys.Any(k => k is YamlScalarNode s && Suggest.Normalize(s.Value ?? "") == "timebudget") ?? false)
            && overloads.Any(o => SpecBinder.Parameters(o) is [var p] && p.ParameterType.GetProperty("TimeBudget") is not null))
        {
            args ??= new YamlMappingNode();
            args.Children[new YamlScalarNode("time_budget")] = new YamlScalarNode(b.TotalSeconds.ToString("R", CultureInfo.InvariantCulture));
        }
        return (IEstimator<ITransformer>)_binder.Invoke(overloads, catalog, ResolvePaths(args), key, $"trainer {overloads[0].Name}")!;
    }

    public static string Snake(PipelineTask task) => SpecBinder.Snake(task.ToString());
}
