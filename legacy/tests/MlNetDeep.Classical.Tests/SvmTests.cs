using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MlNetDeep.Classical.Svm;
using MlNetDeep.Conformance;
using MlNetDeep.Data;
using MlNetDeep.Model;
using Xunit;

namespace MlNetDeep.Classical.Tests;

/// <summary>libsvm: scikit-learn's results on the same data (golden), every task through conformance, probabilities, bad input and crafted model entries.</summary>
public class SvmTests
{
    private sealed record Golden(float[] features, int rows, uint[] labels, float[] targets, float[] grid, int[] svc_support, int[] svc_predict,
        int svr_support, double[] svr_predict, int oc_support, double[] oc_decision);

    private static readonly Golden G = JsonSerializer.Deserialize<Golden>(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Golden", "svm.json")))!;
    private static readonly string[] Classes = ["a", "b", "c"];

    private static IDataView Train() => new InMemoryDataViewBuilder().AddVector("Features", G.features, 2)
        .AddKey("Label", G.labels.Select(y => y + 1).ToArray(), Classes).AddScalar("Target", G.targets).Build();

    private static float[] Grid(int i) => G.grid.AsSpan(2 * i, 2).ToArray();

    [Fact]
    public void ClassifierRegressorAndOneClassMatchScikitLearn()
    {
        var ctx = new MLContext(1);
        // libsvm evaluating the kernel itself, in double precision like scikit-learn's fork.
        const int exact = 0;
        using var svc = ctx.MulticlassClassification.Trainers.Svm(new SvmOptions { C = 2, Gamma = 0.7, PrecomputedKernelMaxRows = exact }).Fit(Train());
        Assert.Equal(G.svc_support.Sum(), svc.SupportVectorCount);
        for (int i = 0; i < G.grid.Length / 2; i++)
        {
            float[] votes = svc.Predict(Grid(i));
            Assert.Equal(G.svc_predict[i], Array.IndexOf(votes, votes.Max()));
        }
        using var svr = ctx.Regression.Trainers.Svm(new SvmOptions { LabelColumnName = "Target", C = 3, Epsilon = 0.1, Gamma = 0.5, PrecomputedKernelMaxRows = exact }).Fit(Train());
        Assert.Equal(G.svr_support, svr.SupportVectorCount);
        for (int i = 0; i < G.grid.Length / 2; i++) Assert.Equal(G.svr_predict[i], svr.Predict(Grid(i))[0], 1e-4);
        using var oc = ctx.AnomalyDetection.Trainers.OneClassSvm(new SvmOptions { Nu = 0.2, Gamma = 0.3, PrecomputedKernelMaxRows = exact }).Fit(Train());
        Assert.Equal(G.oc_support, oc.SupportVectorCount);
        // Score is the negated decision value: higher is more anomalous. scikit-learn bundles its own fork of libsvm,
        // whose one-class solver stops at a slightly different point within the tolerance (1e-3): values agree to it.
        for (int i = 0; i < G.grid.Length / 2; i++) Assert.Equal(-G.oc_decision[i], oc.Predict(Grid(i))[0], 1e-3);
    }

    [Fact]
    public void APrecomputedSinglePrecisionKernelGivesTheSameModelWithinItsPrecision()
    {
        var ctx = new MLContext(5);
        foreach (var kernel in new[] { SvmKernel.Rbf, SvmKernel.Linear, SvmKernel.Polynomial, SvmKernel.Sigmoid })
        {
            var options = new SvmOptions { C = 2, Gamma = 0.3, Kernel = kernel, Coef0 = kernel == SvmKernel.Sigmoid ? -1 : 0.5 };
            using var exact = ctx.MulticlassClassification.Trainers.Svm(options with { PrecomputedKernelMaxRows = 0 }).Fit(Train());
            using var gram = ctx.MulticlassClassification.Trainers.Svm(options).Fit(Train());
            Assert.InRange(gram.SupportVectorCount, exact.SupportVectorCount - 2, exact.SupportVectorCount + 2);
            int same = Enumerable.Range(0, G.grid.Length / 2).Count(i => exact.Predict(Grid(i)).SequenceEqual(gram.Predict(Grid(i))));
            Assert.True(same >= G.grid.Length / 2 - 1, $"{kernel}: {same} of {G.grid.Length / 2} grid points get the same votes");
        }
    }

    [Fact]
    public void PredictionsFromManyThreadsEqualSingleThreaded()
    {
        using var model = new MLContext(6).MulticlassClassification.Trainers.Svm(probability: true).Fit(Train());
        var expected = Enumerable.Range(0, G.grid.Length / 2).Select(i => model.Predict(Grid(i))).ToArray();
        Parallel.For(0, 16, new ParallelOptions { MaxDegreeOfParallelism = 16 }, _ =>
        {
            for (int rep = 0; rep < 20; rep++)
                for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], model.Predict(Grid(i)));
        });
    }

    [Fact]
    public void EveryTaskPassesConformance()
    {
        var data = Train();
        EstimatorConformance.Check(c => c.MulticlassClassification.Trainers.Svm(), data, requiredColumn: "Label");
        var binary = new InMemoryDataViewBuilder().AddVector("Features", G.features, 2).AddScalar("Label", G.labels.Select(y => y == 1).ToArray()).Build();
        EstimatorConformance.Check(c => c.BinaryClassification.Trainers.Svm(), binary, requiredColumn: "Features");
        EstimatorConformance.Check(c => c.Regression.Trainers.Svm(new SvmOptions { LabelColumnName = "Target" }), data, requiredColumn: "Target");
        EstimatorConformance.Check(c => c.AnomalyDetection.Trainers.OneClassSvm(nu: 0.1), data, requiredColumn: "Features");
    }

    [Fact]
    public void BinaryScoresArePositiveForTrueAndProbabilitiesAreCalibrated()
    {
        var ctx = new MLContext(2);
        var binary = new InMemoryDataViewBuilder().AddVector("Features", G.features, 2).AddScalar("Label", G.labels.Select(y => y == 1).ToArray()).Build();
        using var margin = ctx.BinaryClassification.Trainers.Svm().Fit(binary);
        var m = ctx.BinaryClassification.Evaluate(margin.Transform(binary), probabilityColumnName: null);
        Assert.True(m.Accuracy > 0.85 && m.AreaUnderRocCurve > 0.9, $"accuracy {m.Accuracy}, AUC {m.AreaUnderRocCurve}");
        using var multi = ctx.MulticlassClassification.Trainers.Svm(probability: true).Fit(Train());
        Assert.True(multi.HasProbabilities);
        for (int i = 0; i < 10; i++) Assert.Equal(1, multi.Predict(Grid(i)).Sum(), 4);
        // libsvm's probability fit shuffles with rand(), which the trainer seeds: one seed, one model.
        using var again = new MLContext(2).MulticlassClassification.Trainers.Svm(new SvmOptions { Probability = true, Seed = 9 }).Fit(Train());
        using var same = new MLContext(3).MulticlassClassification.Trainers.Svm(new SvmOptions { Probability = true, Seed = 9 }).Fit(Train());
        Assert.Equal(again.Predict(Grid(0)), same.Predict(Grid(0)));
        // Overlapping blobs: about 0.8 is the best any model reaches on this data.
        Assert.True(ctx.MulticlassClassification.Evaluate(multi.Transform(Train())).MicroAccuracy > 0.75);
    }

    [Fact]
    public void BadInputIsNamed()
    {
        var ctx = new MLContext(3);
        var x = (float[])G.features.Clone();
        x[7] = float.NaN;
        var nan = new InMemoryDataViewBuilder().AddVector("Features", x, 2).AddKey("Label", G.labels.Select(y => y + 1).ToArray(), Classes).Build();
        Assert.Contains("Row 3: column 'Features' slot 1 is NaN", Assert.Throws<ArgumentException>(() => ctx.MulticlassClassification.Trainers.Svm().Fit(nan)).Message);
        var one = new InMemoryDataViewBuilder().AddVector("Features", new float[4], 2).AddKey("Label", [2u, 2u], Classes).Build();
        Assert.Contains("is class 2 of 3 ('b')", Assert.Throws<ArgumentException>(() => ctx.MulticlassClassification.Trainers.Svm().Fit(one)).Message);
        Assert.Contains("C must be a finite number > 0", Assert.Throws<ArgumentException>(() => ctx.MulticlassClassification.Trainers.Svm(c: 0)).Message);
        Assert.Contains("no probability estimates", Assert.Throws<ArgumentException>(() =>
            ctx.AnomalyDetection.Trainers.OneClassSvm(new SvmOptions { Probability = true })).Message);
        Assert.Equal("Label", Assert.Throws<SchemaMismatchException>(() => ctx.Regression.Trainers.Svm().Fit(Train())).Column);
    }

    private static readonly Lazy<byte[]> s_saved = new(() =>
    {
        var ctx = new MLContext(4);
        using var model = ctx.MulticlassClassification.Trainers.Svm(new SvmOptions { C = 2, Gamma = 0.7 }).Fit(Train());
        return ZipRewriter.Saved(model, Train().Schema);
    });

    private static string Refused(byte[] zip) =>
        Assert.Throws<ModelFormatException>(() => new MLContext(1).Model.Load(new MemoryStream(zip), out _)).Rule;

    private static byte[] EditState(Action<JsonObject> edit) => ZipRewriter.Resign(s_saved.Value, "svm.json", b =>
    {
        var o = JsonNode.Parse(b)!.AsObject();
        edit(o);
        return Encoding.UTF8.GetBytes(o.ToJsonString());
    });

    [Fact]
    public void CraftedModelsAreRefusedBeforeLibsvmSeesThem()
    {
        Assert.Contains("not a permutation", Refused(EditState(o => o["Labels"] = new JsonArray(0, 0, 2))));
        Assert.Contains("do not add up", Refused(EditState(o => o["SupportVectorsPerClass"]![0] = 1000)));
        Assert.Contains("rho has 2 values", Refused(EditState(o => o["Rho"]!.AsArray().RemoveAt(0))));
        Assert.Contains("kernel type 4", Refused(EditState(o => o["KernelType"] = 4)));
        Assert.Contains("does not fit a Multiclass model", Refused(EditState(o => o["SvmType"] = 3)));
        Assert.Contains("gamma", Refused(EditState(o => o["Gamma"] = -1)));
        Assert.Contains("vectors of 2 values need", Refused(ZipRewriter.Resign(s_saved.Value, "support_vectors.f32", b => b[..^4])));
        Assert.Contains("coefficients are not", Refused(ZipRewriter.Resign(s_saved.Value, "coefficients.f64", b => b[..^8])));
        Assert.Contains("not finite", Refused(ZipRewriter.Resign(s_saved.Value, "coefficients.f64", b =>
        {
            b = (byte[])b.Clone();
            BitConverter.GetBytes(double.NaN).CopyTo(b, 0);
            return b;
        })));
    }

    [Fact]
    public void ResignedByteFlipsAreLoadedOrRefusedNeverCrash()
    {
        var (loaded, refused) = ZipFuzz.ResignedByteFlips(s_saved.Value, ["svm.json", "support_vectors.f32", "coefficients.f64"], 200, 31,
            m => EstimatorConformance.Dump(m.Transform(Train())));
        Assert.Equal(600, loaded + refused);
        Assert.True(refused > 50, $"only {refused} of 600 refused");
    }
}
