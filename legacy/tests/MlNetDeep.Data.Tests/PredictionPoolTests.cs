using MlNetDeep.Model;
using Xunit;

namespace MlNetDeep.Data.Tests;

/// <summary>The prediction engine pool under concurrency, reloads and corrupt files.</summary>
public sealed class PredictionPoolTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mnd-pool").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public sealed class In
    {
        [VectorType(3)] public float[] X { get; set; } = [];
        public string Color { get; set; } = "";
    }

    public sealed class Out
    {
        public float[] Features { get; set; } = [];
    }

    private static List<In> Inputs(int n) => Enumerable.Range(0, n)
        .Select(i => new In { X = [i, i * 0.5f - 7, (i % 13) - 6], Color = (i % 3) switch { 0 => "red", 1 => "green", _ => "blue" } }).ToList();

    /// <summary>Model A normalizes by mean and variance, model B by range: their outputs differ for every row.</summary>
    private string Save(string name, bool a)
    {
        var ctx = new MLContext(1);
        var data = ctx.Data.LoadFromEnumerable(Inputs(200));
        IEstimator<ITransformer> norm = a ? ctx.Transforms.NormalizeMeanVariance("X", fixZero: false) : ctx.Transforms.NormalizeMinMax("X", fixZero: false);
        var model = norm.Append(ctx.Transforms.Categorical.OneHotEncoding("C", "Color")).Append(ctx.Transforms.Concatenate("Features", "X", "C")).Fit(data);
        string path = Path.Combine(_dir, name);
        ctx.Model.Save(model, data.Schema, path);
        return path;
    }

    private static float[][] Expected(string path, List<In> inputs)
    {
        var ctx = new MLContext(1);
        var model = ctx.Model.Load(path, out var schema);
        using var engine = ctx.Model.CreatePredictionEngine<In, Out>(model, schema);
        return inputs.Select(i => engine.Predict(i).Features).ToArray();
    }

    [Fact]
    public void SixtyFourThreadsAgreeWithSingleThreadedPredictions()
    {
        string a = Save("a.zip", true);
        var inputs = Inputs(1000);
        float[][] expected = Expected(a, inputs);
        using var pool = new MLContext(1).Model.CreatePredictionEnginePool<In, Out>();
        pool.AddModel("m", a, watchForChanges: false);
        int errors = 0;
        var threads = Enumerable.Range(0, 64).Select(t => new Thread(() =>
        {
            for (int k = 0; k < 10_000; k++)
            {
                int i = (k * 7 + t * 13) % inputs.Count;
                try
                {
                    if (!pool.Predict("m", inputs[i]).Features.AsSpan().SequenceEqual(expected[i])) Interlocked.Increment(ref errors);
                }
                catch (Exception)
                {
                    Interlocked.Increment(ref errors);
                }
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        Assert.Equal(0, errors);
    }

    [Fact]
    public async Task HundredReloadsUnderLoadAnswerWhollyFromOldOrNew()
    {
        string a = Save("a.zip", true), b = Save("b.zip", false), live = Path.Combine(_dir, "live.zip");
        File.Copy(a, live);
        var inputs = Inputs(300);
        float[][] fromA = Expected(a, inputs), fromB = Expected(b, inputs);
        Assert.All(fromA.Zip(fromB), p => Assert.False(p.First.AsSpan().SequenceEqual(p.Second)));
        using var pool = new MLContext(1).Model.CreatePredictionEnginePool<In, Out>();
        pool.AddModel("m", live, watchForChanges: false);
        int mixed = 0, errors = 0, answers = 0;
        using var stop = new CancellationTokenSource();
        var workers = Enumerable.Range(0, 8).Select(t => Task.Run(() =>
        {
            int k = t;
            while (!stop.IsCancellationRequested)
            {
                int i = (k += 7) % inputs.Count;
                try
                {
                    float[] f = pool.Predict("m", inputs[i]).Features;
                    if (!f.AsSpan().SequenceEqual(fromA[i]) && !f.AsSpan().SequenceEqual(fromB[i])) Interlocked.Increment(ref mixed);
                    Interlocked.Increment(ref answers);
                }
                catch (Exception)
                {
                    Interlocked.Increment(ref errors);
                }
            }
        })).ToArray();
        for (int r = 0; r < 100; r++)
        {
            // Let the workers answer between reloads, so every reload happens under load.
            int before = Volatile.Read(ref answers);
            var until = DateTime.UtcNow.AddSeconds(5);
            while (Volatile.Read(ref answers) < before + 50 && DateTime.UtcNow < until) Thread.Yield();
            string tmp = live + ".tmp";
            File.Copy(r % 2 == 0 ? b : a, tmp, overwrite: true);
            File.Move(tmp, live, overwrite: true);
            Assert.True(pool.Reload("m"));
        }
        stop.Cancel();
        await Task.WhenAll(workers);
        Assert.Equal(0, mixed);
        Assert.Equal(0, errors);
        Assert.True(answers >= 5000, $"only {answers} answers");
        Assert.Equal(101, pool.Version("m"));
    }

    [Fact]
    public void ACorruptReloadKeepsTheOldModelAndReportsOnce()
    {
        string a = Save("a.zip", true), live = Path.Combine(_dir, "live.zip");
        File.Copy(a, live);
        var inputs = Inputs(10);
        float[][] fromA = Expected(a, inputs);
        var reported = new List<string>();
        using var pool = new MLContext(1).Model.CreatePredictionEnginePool<In, Out>((name, e) => reported.Add($"{name}: {e.Message}"));
        pool.AddModel("m", live, watchForChanges: false);
        byte[] bytes = File.ReadAllBytes(a);
        File.WriteAllBytes(live, bytes[..(bytes.Length / 2)]);
        Assert.False(pool.Reload("m"));
        Assert.False(pool.Reload("m"));
        Assert.Single(reported);
        Assert.IsType<ModelFormatException>(pool.LastReloadError("m"));
        Assert.Equal(1, pool.Version("m"));
        Assert.Equal(fromA[3], pool.Predict("m", inputs[3]).Features);
        File.Copy(a, live, overwrite: true);
        Assert.True(pool.Reload("m"));
        Assert.Null(pool.LastReloadError("m"));
        Assert.Throws<KeyNotFoundException>(() => pool.Predict("other", inputs[0]));
    }

    [Fact]
    public void WatchedFilesReloadWhenReplaced()
    {
        string a = Save("a.zip", true), b = Save("b.zip", false), live = Path.Combine(_dir, "live.zip");
        File.Copy(a, live);
        var input = Inputs(5)[4];
        float[] fromB = Expected(b, [input])[0];
        using var pool = new MLContext(1).Model.CreatePredictionEnginePool<In, Out>();
        pool.AddModel("m", live);
        string tmp = live + ".tmp";
        File.Copy(b, tmp);
        File.Move(tmp, live, overwrite: true);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (pool.Version("m") == 1 && DateTime.UtcNow < deadline) Thread.Sleep(50);
        Assert.Equal(2, pool.Version("m"));
        Assert.Equal(fromB, pool.Predict("m", input).Features);
    }
}
