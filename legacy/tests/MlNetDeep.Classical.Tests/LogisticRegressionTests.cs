using System.Text.Json;
using MlNetDeep.Classical.Linear;
using MlNetDeep.Conformance;
using MlNetDeep.Data;
using MlNetDeep.Model;
using Xunit;

namespace MlNetDeep.Classical.Tests;

/// <summary>Logistic regression: scikit-learn's optimum (golden), L1 sparsity, conformance, bad input and hostile weight entries.</summary>
public class LogisticRegressionTests
{
    private sealed record Golden(float[] features, int rows, int columns, uint[] multiclass_labels, double multiclass_c, double[] multiclass_coef,
        double[] multiclass_intercept, int[] binary_labels, double binary_c, double[] binary_coef, double[] binary_intercept);

    private static readonly Golden G = JsonSerializer.Deserialize<Golden>(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Golden", "logreg.json")))!;

    private static readonly string[] Classes = ["a", "b", "c"];

    [Fact]
    public void MultinomialMatchesScikitLearnsOptimum()
    {
        var data = new InMemoryDataViewBuilder().AddVector("Features", G.features, G.columns).AddKey("Label", G.multiclass_labels.Select(y => y + 1).ToArray(), Classes).Build();
        var trainer = new MLContext(1).MulticlassClassification.Trainers.LogisticRegression(new LogisticRegressionOptions
        {
            L2Regularization = 1 / G.multiclass_c, GradientTolerance = 1e-7, MaximumIterations = 1000,
        });
        var model = trainer.Fit(data);
        // scikit-learn's multinomial parameters are identified only up to a shift shared by all classes;
        // with the L2 penalty on the weights that shift is zero for them, and the intercepts are compared centred.
        for (int c = 0; c < 3; c++)
            for (int j = 0; j < G.columns; j++)
                Assert.True(Math.Abs(model.Weights(c)[j] - G.multiclass_coef[c * G.columns + j]) < 2e-3,
                    $"class {c} feature {j}: {model.Weights(c)[j]} vs {G.multiclass_coef[c * G.columns + j]} ({model.TrainingReport})");
        double mean = model.Bias.Average(), goldenMean = G.multiclass_intercept.Average();
        for (int c = 0; c < 3; c++) Assert.Equal(G.multiclass_intercept[c] - goldenMean, model.Bias[c] - mean, 2);
    }

    [Fact]
    public void BinaryMatchesScikitLearnsOptimum()
    {
        var data = new InMemoryDataViewBuilder().AddVector("Features", G.features, G.columns).AddScalar("Label", G.binary_labels.Select(y => y == 1).ToArray()).Build();
        var model = new MLContext(1).BinaryClassification.Trainers.LogisticRegression(new LogisticRegressionOptions
        {
            L2Regularization = 1 / G.binary_c, GradientTolerance = 1e-7, MaximumIterations = 1000,
        }).Fit(data);
        for (int j = 0; j < G.columns; j++) Assert.Equal(G.binary_coef[j], model.Weights(0)[j], 2);
        Assert.Equal(G.binary_intercept[0], model.Bias[0], 2);
        var scored = model.Transform(data);
        Assert.Equal(NumberDataViewType.Single, scored.Schema["Probability"].Type);
        Assert.True(new MLContext(1).BinaryClassification.Evaluate(scored).Accuracy > 0.8);
    }

    [Fact]
    public void BothTasksPassConformance()
    {
        EstimatorConformance.Check(c => c.MulticlassClassification.Trainers.LogisticRegression(), XGBoostTrainerTests.Blobs(90, 3), requiredColumn: "Label");
        var binary = new InMemoryDataViewBuilder().AddVector("Features", G.features, G.columns).AddScalar("Label", G.binary_labels.Select(y => y == 1).ToArray()).Build();
        EstimatorConformance.Check(c => c.BinaryClassification.Trainers.LogisticRegression(), binary, requiredColumn: "Features");
    }

    [Fact]
    public void AnL1PenaltyZeroesTheNoiseFeatures()
    {
        var ctx = new MLContext(2);
        var train = XGBoostTrainerTests.Blobs(600, 4);
        var dense = ctx.MulticlassClassification.Trainers.LogisticRegression(l2Regularization: 0.01).Fit(train);
        var sparse = ctx.MulticlassClassification.Trainers.LogisticRegression(l2Regularization: 0.01, l1Regularization: 20, maximumIterations: 300).Fit(train);
        // Features 2 and 3 are noise: L1 sets their weights to exactly zero, L2 alone does not.
        for (int c = 0; c < 3; c++)
        {
            Assert.Equal([0d, 0d], sparse.Weights(c)[2..].ToArray());
            Assert.NotEqual(0f, dense.Weights(c)[2]);
        }
        Assert.True(ctx.MulticlassClassification.Evaluate(sparse.Transform(XGBoostTrainerTests.Blobs(300, 5))).MicroAccuracy > 0.95);
    }

    [Fact]
    public void BadInputIsNamed()
    {
        var ctx = new MLContext(3);
        var x = new float[12];
        x[6] = float.NaN;
        var nan = new InMemoryDataViewBuilder().AddVector("Features", x, 4).AddKey("Label", [1u, 2u, 3u], Classes).Build();
        var e = Assert.Throws<ArgumentException>(() => ctx.MulticlassClassification.Trainers.LogisticRegression().Fit(nan));
        Assert.Contains("Row 1: column 'Features' slot 2 is NaN", e.Message);
        Assert.Contains("ReplaceMissingValues", e.Message);
        var one = new InMemoryDataViewBuilder().AddVector("Features", new float[8], 4).AddKey("Label", [3u, 3u], Classes).Build();
        Assert.Contains("is class 3 of 3 ('c')", Assert.Throws<ArgumentException>(() => ctx.MulticlassClassification.Trainers.LogisticRegression().Fit(one)).Message);
        Assert.Equal("Label", Assert.Throws<SchemaMismatchException>(() => ctx.BinaryClassification.Trainers.LogisticRegression().Fit(nan)).Column);
        Assert.Contains("L2Regularization must be >= 0",
            Assert.Throws<ArgumentException>(() => ctx.MulticlassClassification.Trainers.LogisticRegression(l2Regularization: -1)).Message);
    }

    [Fact]
    public void CraftedWeightEntriesAreRefused()
    {
        var ctx = new MLContext(4);
        var data = XGBoostTrainerTests.Blobs(60, 6);
        byte[] zip = ZipRewriter.Saved(ctx.MulticlassClassification.Trainers.LogisticRegression().Fit(data), data.Schema);
        ModelFormatException Refused(string entry, Func<byte[], byte[]> edit) =>
            Assert.Throws<ModelFormatException>(() => ctx.Model.Load(new MemoryStream(ZipRewriter.Resign(zip, entry, edit)), out _));
        Assert.Contains("need 120", Refused("weights.f64", b => b[..^8]).Rule);
        Assert.Contains("finite", Refused("weights.f64", b =>
        {
            b = (byte[])b.Clone();
            BitConverter.GetBytes(double.NaN).CopyTo(b, 16);
            return b;
        }).Rule);
        Assert.Contains("1 class names for a MulticlassSoftmax model (it needs at least 2)", Refused("linear.json", b => System.Text.Encoding.UTF8.GetBytes(
            System.Text.Encoding.UTF8.GetString(b).Replace("\"ClassNames\":[\"red\",\"green\",\"blue\"]", "\"ClassNames\":[\"red\"]"))).Rule);
    }

    [Fact]
    public void ResignedByteFlipsAreLoadedOrRefusedNeverCrash()
    {
        var ctx = new MLContext(5);
        var data = XGBoostTrainerTests.Blobs(60, 7);
        var (loaded, refused) = ZipFuzz.ResignedByteFlips(ZipRewriter.Saved(ctx.MulticlassClassification.Trainers.LogisticRegression().Fit(data), data.Schema), ["linear.json", "weights.f64"], 150, 41, m => EstimatorConformance.Dump(m.Transform(data)));
        Assert.Equal(300, loaded + refused);
        Assert.True(refused > 30, $"only {refused} of 300 refused");
    }
}
