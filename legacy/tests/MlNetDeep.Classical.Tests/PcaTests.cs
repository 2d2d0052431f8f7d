using System.Text.Json;
using MlNetDeep.Classical.Decomposition;
using MlNetDeep.Conformance;
using MlNetDeep.Data;
using MlNetDeep.Model;
using Xunit;

namespace MlNetDeep.Classical.Tests;

/// <summary>PCA: scikit-learn's axes and variances (golden), randomized against full, whitening, conformance, bad input and crafted entries.</summary>
public class PcaTests
{
    private sealed record Golden(float[] features, int rows, int columns, int rank, double[] mean, double[] axes, double[] variances);

    private static readonly Golden G = JsonSerializer.Deserialize<Golden>(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Golden", "pca.json")))!;

    private static IDataView Data() => new InMemoryDataViewBuilder().AddVector("Features", G.features, G.columns).Build();

    [Theory]
    [InlineData(PcaSolver.Full)]
    [InlineData(PcaSolver.Randomized)]
    public void AxesAndVariancesMatchScikitLearn(PcaSolver solver)
    {
        var pca = new MLContext(1).Transforms.ProjectToPrincipalComponents(new PcaOptions { OutputColumnName = "Pca", Rank = G.rank, Solver = solver, PowerIterations = 6 })
            .Fit(Data());
        for (int j = 0; j < G.columns; j++) Assert.Equal(G.mean[j], pca.Mean[j], 1e-4);
        for (int c = 0; c < G.rank; c++)
        {
            Assert.Equal(G.variances[c], pca.ExplainedVariance[c], G.variances[c] * 1e-3);
            for (int j = 0; j < G.columns; j++) Assert.Equal(G.axes[c * G.columns + j], pca.Axis(c)[j], 2e-3);
        }
    }

    [Fact]
    public void WhitenedProjectionsHaveUnitVariance()
    {
        var ctx = new MLContext(2);
        var pca = ctx.Transforms.ProjectToPrincipalComponents("Pca", "Features", rank: 3, whiten: true).Fit(Data());
        var rows = ctx.Data.CreateEnumerable<Projected>(pca.Transform(Data()), reuseRowObject: false).Select(r => r.Pca).ToList();
        for (int c = 0; c < 3; c++)
        {
            double mean = rows.Average(r => r[c]);
            double variance = rows.Sum(r => (r[c] - mean) * (r[c] - mean)) / (rows.Count - 1);
            Assert.Equal(0, mean, 1e-3);
            Assert.Equal(1, variance, 1e-3);
        }
        Assert.Equal(pca.Project(G.features.AsSpan(0, G.columns)), rows[0]);
    }

    private sealed class Projected
    {
        public float[] Pca { get; set; } = [];
    }

    [Fact]
    public void PassesConformance() =>
        EstimatorConformance.Check(c => c.Transforms.ProjectToPrincipalComponents("Pca", "Features", rank: 2), Data(), requiredColumn: "Features");

    [Fact]
    public void BadInputIsNamed()
    {
        var ctx = new MLContext(3);
        Assert.Contains("Rank 7 is more than min(rows 200, features 6)", Assert.Throws<ArgumentException>(() =>
            ctx.Transforms.ProjectToPrincipalComponents("Pca", "Features", rank: 7).Fit(Data())).Message);
        var nan = (float[])G.features.Clone();
        nan[G.columns * 5 + 1] = float.NaN;
        Assert.Contains("Row 5: column 'Features' slot 1 is NaN", Assert.Throws<ArgumentException>(() =>
            ctx.Transforms.ProjectToPrincipalComponents("Pca", "Features", rank: 2).Fit(new InMemoryDataViewBuilder().AddVector("Features", nan, G.columns).Build())).Message);
    }

    [Fact]
    public void CraftedEntriesAreRefused()
    {
        var ctx = new MLContext(4);
        byte[] zip = ZipRewriter.Saved(ctx.Transforms.ProjectToPrincipalComponents("Pca", "Features", rank: 2).Fit(Data()), Data().Schema);
        ModelFormatException Refused(string entry, Func<byte[], byte[]> edit) =>
            Assert.Throws<ModelFormatException>(() => ctx.Model.Load(new MemoryStream(ZipRewriter.Resign(zip, entry, edit)), out _));
        Assert.Contains("needs 80", Refused("pca.f32", b => b[..^4]).Rule);
        Assert.Contains("variances >= 0", Refused("pca.f32", b =>
        {
            b = (byte[])b.Clone();
            BitConverter.GetBytes(-1f).CopyTo(b, b.Length - 4);
            return b;
        }).Rule);
        Assert.Contains("rank at most the feature count", Refused("pca.json", b => System.Text.Encoding.UTF8.GetBytes(
            System.Text.Encoding.UTF8.GetString(b).Replace("\"Rank\":2", "\"Rank\":9"))).Rule);
    }

    [Fact]
    public void ResignedByteFlipsAreLoadedOrRefusedNeverCrash()
    {
        var ctx = new MLContext(5);
        var (loaded, refused) = ZipFuzz.ResignedByteFlips(ZipRewriter.Saved(ctx.Transforms.ProjectToPrincipalComponents("Pca", "Features", rank: 2).Fit(Data()), Data().Schema), ["pca.json", "pca.f32"], 150, 47, m => EstimatorConformance.Dump(m.Transform(Data())));
        Assert.Equal(300, loaded + refused);
        Assert.True(refused > 30, $"only {refused} of 300 refused");
    }
}
