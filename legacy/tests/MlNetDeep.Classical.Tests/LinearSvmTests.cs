using System.Text.Json;
using MlNetDeep.Classical.Linear;
using MlNetDeep.Conformance;
using MlNetDeep.Data;
using Xunit;

namespace MlNetDeep.Classical.Tests;

/// <summary>The linear SVM: scikit-learn's LinearSVC optimum (golden) for both losses, conformance, margins as scores, bad input.</summary>
public class LinearSvmTests
{
    private sealed record Data(float[] features, int rows, int columns, uint[] multiclass_labels, int[] binary_labels);
    private sealed record Golden(double[] multiclass_coef, double[] multiclass_intercept, double[] binary_coef, double[] binary_intercept);

    private static readonly Data D = JsonSerializer.Deserialize<Data>(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Golden", "logreg.json")))!;
    private static readonly Golden G = JsonSerializer.Deserialize<Golden>(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Golden", "linearsvm.json")))!;

    private static IDataView Multiclass() => new InMemoryDataViewBuilder().AddVector("Features", D.features, D.columns)
        .AddKey("Label", D.multiclass_labels.Select(y => y + 1).ToArray(), ["a", "b", "c"]).Build();

    private static IDataView Binary() => new InMemoryDataViewBuilder().AddVector("Features", D.features, D.columns)
        .AddScalar("Label", D.binary_labels.Select(y => y == 1).ToArray()).Build();

    [Fact]
    public void OneVersusRestSquaredHingeMatchesScikitLearn()
    {
        var model = new MLContext(1).MulticlassClassification.Trainers.LinearSvm(new LinearSvmOptions { C = 0.5, Tolerance = 1e-7, MaximumIterations = 100_000 })
            .Fit(Multiclass());
        for (int c = 0; c < 3; c++)
        {
            for (int j = 0; j < D.columns; j++) Assert.Equal(G.multiclass_coef[c * D.columns + j], model.Weights(c)[j], 2e-3);
            Assert.Equal(G.multiclass_intercept[c], model.Bias[c], 2e-3);
        }
    }

    [Fact]
    public void BinaryHingeMatchesScikitLearnAndScoresAreMargins()
    {
        var ctx = new MLContext(2);
        var model = ctx.BinaryClassification.Trainers.LinearSvm(new LinearSvmOptions { C = 2, Loss = SvmLoss.Hinge, Tolerance = 1e-7, MaximumIterations = 100_000 })
            .Fit(Binary());
        for (int j = 0; j < D.columns; j++) Assert.Equal(G.binary_coef[j], model.Weights(0)[j], 5e-3);
        Assert.Equal(G.binary_intercept[0], model.Bias[0], 5e-3);
        var scored = model.Transform(Binary());
        Assert.Null(scored.Schema.GetColumnOrNull("Probability"));
        Assert.True(ctx.BinaryClassification.Evaluate(scored, probabilityColumnName: null).Accuracy > 0.8);
    }

    [Fact]
    public void BothTasksPassConformance()
    {
        EstimatorConformance.Check(c => c.MulticlassClassification.Trainers.LinearSvm(), Multiclass(), requiredColumn: "Label");
        EstimatorConformance.Check(c => c.BinaryClassification.Trainers.LinearSvm(), Binary(), requiredColumn: "Features");
    }

    [Fact]
    public void BadInputIsNamed()
    {
        var ctx = new MLContext(3);
        var one = new InMemoryDataViewBuilder().AddVector("Features", new float[8], 4).AddScalar("Label", new[] { false, false }).Build();
        Assert.Contains("is false", Assert.Throws<ArgumentException>(() => ctx.BinaryClassification.Trainers.LinearSvm().Fit(one)).Message);
        Assert.Contains("C must be a finite number > 0", Assert.Throws<ArgumentException>(() => ctx.BinaryClassification.Trainers.LinearSvm(c: -1)).Message);
        Assert.Equal("Label", Assert.Throws<SchemaMismatchException>(() => ctx.MulticlassClassification.Trainers.LinearSvm().Fit(Binary())).Column);
    }
}
