using System.Text.Json;
using MlNetDeep.Classical.Clustering;
using MlNetDeep.Conformance;
using MlNetDeep.Data;
using MlNetDeep.Model;
using Xunit;

namespace MlNetDeep.Classical.Tests;

/// <summary>k-means: scikit-learn's Lloyd result from the same centres (golden), blobs, empty clusters, restarts, conformance, bad input and crafted centres.</summary>
public class KMeansTests
{
    private sealed record Golden(float[] features, int rows, int columns, int clusters, float[] init, float[] centers, double inertia, int iterations, int[] labels);

    private static readonly Golden G = JsonSerializer.Deserialize<Golden>(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Golden", "kmeans.json")))!;

    private static IDataView Data(float[] x, int d) => new InMemoryDataViewBuilder().AddVector("Features", x, d).Build();

    private static float[][] Rows(float[] flat, int d) => Enumerable.Range(0, flat.Length / d).Select(i => flat.AsSpan(i * d, d).ToArray()).ToArray();

    [Theory]
    [InlineData(KMeansAlgorithm.Lloyd)]
    [InlineData(KMeansAlgorithm.Elkan)]
    public void FromGivenCentresBothAlgorithmsMatchScikitLearnsLloyd(KMeansAlgorithm algorithm)
    {
        var model = new MLContext(1).Clustering.Trainers.KMeans(new KMeansOptions { NumberOfClusters = G.clusters, InitialCenters = Rows(G.init, G.columns), Algorithm = algorithm })
            .Fit(Data(G.features, G.columns));
        Assert.Equal(G.iterations, model.Iterations);
        Assert.Equal(G.inertia, model.Inertia!.Value, G.inertia * 1e-5);
        for (int c = 0; c < G.clusters; c++)
            for (int j = 0; j < G.columns; j++)
                Assert.Equal(G.centers[c * G.columns + j], model.Center(c)[j], 1e-4f);
        var predicted = new MLContext(1).Data.CreateEnumerable<Cluster>(model.Transform(Data(G.features, G.columns)), reuseRowObject: false).Select(r => (int)r.PredictedLabel - 1);
        Assert.Equal(G.labels, predicted);
    }

    private sealed class Cluster
    {
        public uint PredictedLabel { get; set; }
        public float[] Score { get; set; } = [];
    }

    [Fact]
    public void SeparatedBlobsAreFoundAndScoresAreSquaredDistances()
    {
        var ctx = new MLContext(2);
        var blobs = XGBoostTrainerTests.Blobs(300, 1);
        var model = ctx.Clustering.Trainers.KMeans(numberOfClusters: 3).Fit(blobs);
        var rows = ctx.Data.CreateEnumerable<Cluster>(model.Transform(blobs), reuseRowObject: false).ToList();
        // Rows i, i+3, i+6, ... share a blob: each blob lands in one cluster, three distinct clusters.
        var clusterOfBlob = Enumerable.Range(0, 3).Select(b => rows.Where((_, i) => i % 3 == b).Select(r => r.PredictedLabel).Distinct().Single()).ToList();
        Assert.Equal(3, clusterOfBlob.Distinct().Count());
        var x = new MLContext(1).Data.CreateEnumerable<Features>(blobs, reuseRowObject: false).First().Vector;
        float[] expected = Enumerable.Range(0, 3).Select(c => x.Zip(model.Center(c).ToArray(), (a, b) => (a - b) * (a - b)).Sum()).ToArray();
        for (int c = 0; c < 3; c++) Assert.Equal(expected[c], rows[0].Score[c], 1e-3f);
        Assert.Equal(model.Distances(x), rows[0].Score);
    }

    private sealed class Features
    {
        [ColumnName("Features")] public float[] Vector { get; set; } = [];
    }

    [Fact]
    public void AnEmptyClusterTakesTheFarthestPoint()
    {
        // One centre starts far from every point, so after the first assignment its cluster is empty.
        var init = new[] { G.init[..3], G.init[3..6], G.init[6..9], new float[] { 1000, 1000, 1000 } };
        var model = new MLContext(3).Clustering.Trainers.KMeans(new KMeansOptions { NumberOfClusters = 4, InitialCenters = init }).Fit(Data(G.features, G.columns));
        var labels = new MLContext(1).Data.CreateEnumerable<Cluster>(model.Transform(Data(G.features, G.columns)), reuseRowObject: false).Select(r => r.PredictedLabel).ToHashSet();
        Assert.Equal(4, labels.Count);
        for (int c = 0; c < 4; c++) Assert.True(model.Center(c)[0] < 100, $"centre {c} stayed at {model.Center(c)[0]}");
    }

    [Fact]
    public void MoreRestartsNeverEndWorse()
    {
        var data = Data(G.features, G.columns);
        double one = new MLContext(4).Clustering.Trainers.KMeans(new KMeansOptions { NumberOfClusters = 6, NumberOfRestarts = 1, Seed = 5 }).Fit(data).Inertia!.Value;
        double five = new MLContext(4).Clustering.Trainers.KMeans(new KMeansOptions { NumberOfClusters = 6, NumberOfRestarts = 5, Seed = 5 }).Fit(data).Inertia!.Value;
        Assert.True(five <= one, $"5 restarts {five} > 1 restart {one}");
    }

    [Fact]
    public void PassesConformance()
    {
        EstimatorConformance.Check(c => c.Clustering.Trainers.KMeans(numberOfClusters: 4), XGBoostTrainerTests.Blobs(90, 2), requiredColumn: "Features");
        EstimatorConformance.Check(c => c.Clustering.Trainers.KMeans(new KMeansOptions { NumberOfClusters = 7, Algorithm = KMeansAlgorithm.Elkan }), XGBoostTrainerTests.Blobs(90, 2));
    }

    [Fact]
    public void ElkanEndsWhereLloydEndsOnLargerK()
    {
        // 12 clusters in 600 points of noisy blobs, from one k-means++ start: both algorithms take the same path.
        var data = XGBoostTrainerTests.Blobs(600, 8, nanFraction: 0);
        var lloyd = new MLContext(1).Clustering.Trainers.KMeans(new KMeansOptions { NumberOfClusters = 12, NumberOfRestarts = 1, Seed = 3 }).Fit(data);
        var elkan = new MLContext(1).Clustering.Trainers.KMeans(new KMeansOptions { NumberOfClusters = 12, NumberOfRestarts = 1, Seed = 3, Algorithm = KMeansAlgorithm.Elkan }).Fit(data);
        Assert.Equal(lloyd.Iterations, elkan.Iterations);
        Assert.Equal(lloyd.Inertia!.Value, elkan.Inertia!.Value, lloyd.Inertia.Value * 1e-5);
        for (int c = 0; c < 12; c++)
            for (int j = 0; j < 4; j++) Assert.Equal(lloyd.Center(c)[j], elkan.Center(c)[j], 1e-4f);
    }

    [Fact]
    public void BadInputIsNamed()
    {
        var ctx = new MLContext(5);
        Assert.Contains("2 rows cannot form 3 clusters", Assert.Throws<ArgumentException>(() => ctx.Clustering.Trainers.KMeans(numberOfClusters: 3).Fit(Data(new float[4], 2))).Message);
        var nan = new float[6];
        nan[3] = float.NaN;
        Assert.Contains("Row 1: column 'Features' slot 1 is NaN", Assert.Throws<ArgumentException>(() => ctx.Clustering.Trainers.KMeans(numberOfClusters: 1).Fit(Data(nan, 2))).Message);
        Assert.Contains("InitialCenters rows have 2 values; column 'Features' has 3",
            Assert.Throws<ArgumentException>(() => ctx.Clustering.Trainers.KMeans(new KMeansOptions { NumberOfClusters = 1, InitialCenters = [new float[2]] }).Fit(Data(G.features, 3))).Message);
        Assert.Contains("InitialCenters has 1 centres for NumberOfClusters = 2",
            Assert.Throws<ArgumentException>(() => ctx.Clustering.Trainers.KMeans(new KMeansOptions { NumberOfClusters = 2, InitialCenters = [new float[2]] })).Message);
    }

    [Fact]
    public void CraftedCentresAreRefused()
    {
        var ctx = new MLContext(6);
        var data = Data(G.features, G.columns);
        byte[] zip = ZipRewriter.Saved(ctx.Clustering.Trainers.KMeans(numberOfClusters: 2).Fit(data), data.Schema);
        ModelFormatException Refused(string entry, Func<byte[], byte[]> edit) =>
            Assert.Throws<ModelFormatException>(() => ctx.Model.Load(new MemoryStream(ZipRewriter.Resign(zip, entry, edit)), out _));
        Assert.Contains("need 24", Refused("centers.f32", b => b[..^1]).Rule);
        Assert.Contains("finite", Refused("centers.f32", b =>
        {
            b = (byte[])b.Clone();
            BitConverter.GetBytes(float.PositiveInfinity).CopyTo(b, 4);
            return b;
        }).Rule);
        Assert.Contains("must be positive", Refused("kmeans.json", b => System.Text.Encoding.UTF8.GetBytes(
            System.Text.Encoding.UTF8.GetString(b).Replace("\"Clusters\":2", "\"Clusters\":-2"))).Rule);
    }

    [Fact]
    public void ResignedByteFlipsAreLoadedOrRefusedNeverCrash()
    {
        var ctx = new MLContext(7);
        var data = Data(G.features, G.columns);
        var (loaded, refused) = ZipFuzz.ResignedByteFlips(ZipRewriter.Saved(ctx.Clustering.Trainers.KMeans(numberOfClusters: 3).Fit(data), data.Schema), ["kmeans.json", "centers.f32"], 150, 43, m => EstimatorConformance.Dump(m.Transform(data)));
        Assert.Equal(300, loaded + refused);
        Assert.True(refused > 30, $"only {refused} of 300 refused");
    }
}
