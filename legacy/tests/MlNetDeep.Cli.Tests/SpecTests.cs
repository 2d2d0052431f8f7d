using MlNetDeep.Cli.Specs;
using Xunit;

namespace MlNetDeep.Cli.Tests;

/// <summary>Pipeline specs: the shipped ones build, and every kind of mistake is reported at its file, line and column with what to write instead.</summary>
public sealed class SpecTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mnd-spec").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    internal static string RepoRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "MlNetDeep.sln"))) return d.FullName;
        throw new DirectoryNotFoundException("The repository root (MlNetDeep.sln) was not found above the test binaries.");
    }

    private string Write(string yaml, string name = "spec.yaml")
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, yaml);
        return path;
    }

    private const string Data = """
        data:
          train: { load_fashion_mnist: { train: true } }
          test: { load_fashion_mnist: { train: false } }
          train_limit: 200
          test_limit: 100
        """;

    private SpecException Fails(string yaml, bool load = true)
    {
        string path = Write(yaml);
        return Assert.Throws<SpecException>(() =>
        {
            var spec = PipelineSpec.Load(path);
            var ctx = new MLContext(1);
            spec.BuildEstimator(ctx);
            if (load) spec.CheckColumns(ctx, spec.LoadData(ctx).Train.Schema);
        });
    }

    public static TheoryData<string> ShippedSpecs()
    {
        var data = new TheoryData<string>();
        foreach (string f in Directory.EnumerateFiles(Path.Combine(RepoRoot(), "pipelines"), "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            data.Add(Path.GetRelativePath(RepoRoot(), f));
        return data;
    }

    [Theory]
    [MemberData(nameof(ShippedSpecs))]
    public void EveryShippedSpecBuildsAndMatchesItsData(string relative)
    {
        foreach (bool quick in new[] { false, true })
        {
            var spec = PipelineSpec.Load(Path.Combine(RepoRoot(), relative), quick);
            var ctx = new MLContext(1);
            // A search spec has settings instead of a trainer; its transforms are checked all the same.
            if (spec.IsAutoML) Assert.NotNull(spec.AutoMLSettings());
            else Assert.NotNull(spec.BuildEstimator(ctx, TimeSpan.FromSeconds(10)));
            spec.CheckColumns(ctx, spec.LoadData(ctx).Train.Schema);
        }
    }

    [Fact]
    public void TheFashionMnistComparisonSharesOneTestSetAndCoversTheIssuesTrainers()
    {
        var specs = Directory.EnumerateFiles(Path.Combine(RepoRoot(), "pipelines", "fashion-mnist"), "*.yaml").Select(f => PipelineSpec.Load(f)).ToList();
        Assert.Single(specs.Select(s => s.TestDataKey).Distinct());
        Assert.Single(specs.Select(s => PipelineSpec.Load(s.File, quick: true).TestDataKey).Distinct());
        Assert.Subset(specs.Select(s => s.Name).ToHashSet(), new HashSet<string> { "cnn", "mlp", "lenet5", "xgboost", "svm-rbf", "linear-svm", "logistic-regression", "kmeans" });
    }

    [Fact]
    public void EveryCatalogTrainerTransformAndLoaderHasASpecForm()
    {
        var ctx = new MLContext(1);
        var methods = Enum.GetValues<PipelineTask>().SelectMany(t => ComponentCatalog.Methods<IEstimator<ITransformer>>(ComponentCatalog.Trainers(ctx, t)))
            .Concat(ComponentCatalog.TransformCatalogs(ctx).SelectMany(ComponentCatalog.Methods<IEstimator<ITransformer>>))
            .Concat(ComponentCatalog.Methods<IDataView>(ctx.Data).Where(m => m.Name.StartsWith("Load", StringComparison.Ordinal)))
            .ToList();
        Assert.True(methods.Count > 40, $"only {methods.Count} catalog methods found");
        // Every method name has at least one overload whose parameters a spec can write.
        var unbindable = methods.GroupBy(m => (m.DeclaringType, m.Name))
            .Where(g => !g.Any(m => SpecBinder.Parameters(m).All(p => SpecBinder.CanBind(p.ParameterType))))
            .Select(g => g.Key.Name).ToList();
        Assert.True(unbindable.Count == 0, "no spec form for: " + string.Join(", ", unbindable));
        Assert.Contains(methods, m => m.Name == "XGBoost");
        Assert.Contains(methods, m => m.Name == "NormalizeMinMax");
        Assert.Contains(methods, m => m.Name == "LoadFromTextFile");
    }

    [Fact]
    public void TheCommittedSchemaIsTheGeneratedOne()
    {
        string committed = File.ReadAllText(Path.Combine(RepoRoot(), "pipelines", "pipeline.schema.json"));
        Assert.True(committed == SpecSchema.Generate(), "pipelines/pipeline.schema.json is stale: run 'mlnetdeep schema --output pipelines/pipeline.schema.json'.");
    }

    [Fact]
    public void AnUnknownTrainerIsNamedWithADidYouMean()
    {
        var e = Fails($"task: multiclass\n{Data}\ntrainer:\n  xgbost: {{ number_of_rounds: 5 }}\n");
        Assert.Equal(Path.Combine(_dir, "spec.yaml"), e.File);
        Assert.Equal(8, e.Line);
        Assert.Equal(3, e.Column);
        Assert.Contains("no multiclass trainer 'xgbost'. Did you mean 'XGBoost'?", e.Message);
        Assert.StartsWith($"{e.File}:8:3: ", e.Message);
    }

    [Fact]
    public void AnOptionOfTheWrongTypeIsNamed()
    {
        var e = Fails($"task: multiclass\n{Data}\ntrainer:\n  neural_network:\n    epochs: ten\n");
        Assert.Equal((9L, 13L), (e.Line, e.Column));
        Assert.Contains("Epochs must be an integer, found 'ten'", e.Problem);
    }

    [Fact]
    public void AnUnknownOptionGetsADidYouMean()
    {
        var e = Fails($"task: multiclass\n{Data}\ntrainer:\n  neural_network: {{ epoch: 3 }}\n", load: false);
        Assert.Equal(8, e.Line);
        Assert.Contains("has no setting 'epoch'. Did you mean 'Epochs'?", e.Problem);
    }

    [Fact]
    public void AnUnknownEnumValueListsTheCloseOne()
    {
        var e = Fails($"task: multiclass\n{Data}\ntrainer:\n  svm: {{ kernel: rbff }}\n", load: false);
        Assert.Contains("has no value 'rbff'. Did you mean 'Rbf'?", e.Problem);
    }

    [Fact]
    public void AMissingColumnIsReportedAtTheStepThatNeedsIt()
    {
        var e = Fails($"task: multiclass\n{Data}\ntransforms:\n  - normalize_min_max: {{ output_column_name: Features, input_column_name: Pixels }}\ntrainer:\n  logistic_regression: {{ maximum_iterations: 2 }}\n");
        Assert.Equal(8, e.Line);
        Assert.Contains("transforms[0] normalize_min_max", e.Problem);
        Assert.Contains("Pixels", e.Problem);
        Assert.Contains("the data has: Features, Label", e.Problem);
    }

    [Fact]
    public void AMissingLabelColumnIsReportedAtTheTrainer()
    {
        var e = Fails($"task: multiclass\n{Data}\ntrainer:\n  logistic_regression: {{ label_column_name: Class }}\n");
        Assert.Equal(8, e.Line);
        Assert.Contains("trainer logistic_regression", e.Problem);
        Assert.Contains("Class", e.Problem);
    }

    [Fact]
    public void AMissingDatasetSaysWhichPackageProvidesIt()
    {
        var e = Fails("task: multiclass\ndata:\n  train: { load_fashion_mnist: { train: true, directory: /nonexistent/fmnist } }\n  test: { load_fashion_mnist: { train: false, directory: /nonexistent/fmnist } }\ntrainer: { logistic_regression: {} }\n");
        Assert.Equal(3, e.Line);
        Assert.Contains("dataset-fashion-mnist", e.Problem);
    }

    [Fact]
    public void UnknownTopLevelAndDataKeysAreRefused()
    {
        Assert.Contains("unknown key 'trainers'. Did you mean 'trainer'?", Fails($"task: multiclass\n{Data}\ntrainers: {{ svm: {{}} }}\n", load: false).Problem);
        Assert.Contains("unknown data key 'tran'. Did you mean 'train'?", Fails("task: multiclass\ndata:\n  tran: {}\ntrainer: { svm: {} }\n", load: false).Problem);
        Assert.Contains("missing 'trainer'", Fails($"task: multiclass\n{Data}\n", load: false).Problem);
        Assert.Contains("task has no value 'classification'", Fails($"task: classification\n{Data}\ntrainer: {{ svm: {{}} }}\n", load: false).Problem);
    }

    [Fact]
    public void InvalidYamlIsReportedWithItsLine()
    {
        var e = Fails("task: multiclass\ntrainer: { svm: { c: 1 }\n", load: false);
        Assert.Equal(3, e.Line);
        Assert.Contains("not valid YAML", e.Problem);
    }

    [Fact]
    public void AJsonSpecReadsLikeTheYamlOne()
    {
        string path = Write("""
            {"task": "multiclass",
             "data": {"train": {"load_fashion_mnist": {"train": true}}, "test": {"load_fashion_mnist": {"train": false}}, "train_limit": 300, "test_limit": 100},
             "trainer": {"neural_network": {"network": {"mlp": {"input_shape": [1, 28, 28], "hidden": [16], "outputs": 10}}, "epochs": 1, "batch_size": "x"}}}
            """, "spec.json");
        var e = Assert.Throws<SpecException>(() => PipelineSpec.Load(path).BuildEstimator(new MLContext(1)));
        Assert.Equal(3, e.Line);
        Assert.Contains("BatchSize must be an integer, found 'x'", e.Problem);
    }

    [Fact]
    public void QuickOverridesMergeOverTheSpec()
    {
        string path = Write($"task: multiclass\n{Data}\ntrainer:\n  neural_network: {{ network: {{ linear: {{ inputs: 784, classes: 10 }} }}, epochs: 7 }}\nquick:\n  data: {{ train_limit: 50 }}\n  trainer: {{ neural_network: {{ epochs: 1 }} }}\n");
        var ctx = new MLContext(1);
        Assert.Equal(200, ctx.Data.Cache(PipelineSpec.Load(path).LoadData(ctx).Train).RowCount);
        Assert.Equal(50, ctx.Data.Cache(PipelineSpec.Load(path, quick: true).LoadData(ctx).Train).RowCount);
        Assert.Equal(1, ((Deep.Trainers.NeuralClassificationTrainer)PipelineSpec.Load(path, quick: true).BuildEstimator(ctx)).Options.Epochs);
        Assert.Equal(7, ((Deep.Trainers.NeuralClassificationTrainer)PipelineSpec.Load(path).BuildEstimator(ctx)).Options.Epochs);
    }

    [Fact]
    public void APresetMissingItsArgumentsSaysWhichOne()
    {
        var e = Fails($"task: multiclass\n{Data}\ntrainer:\n  neural_network: {{ network: linear }}\n", load: false);
        Assert.Contains("preset Linear needs 'inputs'", e.Problem);
    }

    [Fact]
    public void ABudgetBecomesTheDeepTrainersTimeBudget()
    {
        string path = Write($"task: multiclass\n{Data}\ntrainer:\n  neural_network: {{ network: lenet5 }}\n");
        var trainer = (Deep.Trainers.NeuralClassificationTrainer)PipelineSpec.Load(path).BuildEstimator(new MLContext(1), TimeSpan.FromSeconds(42));
        Assert.Equal(TimeSpan.FromSeconds(42), trainer.Options.TimeBudget);
    }
}
