using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using MlNetDeep.Classical.Decomposition;
using MlNetDeep.Classical.Linear;
using MlNetDeep.Data;
using MlNetDeep.Deep.Autoencoders;
using MlNetDeep.Deep.Generative;
using MlNetDeep.Deep.Networks;
using MlNetDeep.Deep.Trainers;
using MlNetDeep.Deep.Language;
using MlNetDeep.Deep.Training;
using MlNetDeep.Torch;

namespace MlNetDeep.Benchmarks;

/// <summary>
/// ./benchmarks/run seq: issue 8's sequence models against PyTorch in one run. The GRU over
/// image rows (seq.rnn_rows.*, through the deep suite's runner), then the character language
/// model (seq.charlm.*) on the King James Bible as Debian's bible-kjv package prints it
/// (public domain; verse references stripped): the first <c>--chars</c> characters (default
/// 1,000,000), the last 10% held out; an LSTM-256 over 64-character windows, the same
/// recipe in benchmarks/peers/charlm.py. Prints next-character accuracy and perplexity on
/// the held-out tail beside the unigram baseline, training time and the time ratio. Then the
/// class-conditional GAN's classifier score beside real images' (seq.gan.*; <c>--gan-unconditional</c>
/// trains the unconditional DCGAN instead) and the autoencoder's linear probe
/// beside PCA's (seq.ae.*, seq.pca.*). <c>--skip-rnn</c>, <c>--skip-charlm</c>,
/// <c>--skip-gan</c> and <c>--skip-ae</c> leave parts out.
/// </summary>
internal static partial class SeqSuite
{
    internal const int Epochs = 2;
    internal const int AeEpochs = 30;
    internal const double AeMasking = 0.3;
    internal const int GanEpochs = 12;

    internal static int Run(string[] args)
    {
        int chars = 1_000_000;
        var rest = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--chars") chars = int.Parse(args[++i], CultureInfo.InvariantCulture);
            else rest.Add(args[i]);
        }
        if (!rest.Contains("--skip-rnn")) DeepSuite.Run("seq", ["rnn_rows"], rest.ToArray());
        string root = Bench.FindUp("benchmarks");
        var inv = CultureInfo.InvariantCulture;
        string t = Environment.ProcessorCount.ToString(inv);
        if (!rest.Contains("--skip-charlm")) CharLm(root, chars, t);

        if (!rest.Contains("--skip-gan"))
        {
            bool conditional = !rest.Contains("--gan-unconditional");
            var gan = Bench.RunJson(Environment.ProcessPath ?? "dotnet",
                [typeof(SeqSuite).Assembly.Location, "worker", "seq", "gan", t, conditional ? "conditional" : "unconditional"], Bench.OneBlasThread);
            foreach (string key in new[] { "gan.classifier_score", "gan.real_classifier_score", "gan.score_fraction_of_real", "gan.class_match", "gan.train_s", "gan.classifier_test_accuracy" })
                if (gan.TryGetProperty(key, out var v)) Console.WriteLine(string.Create(inv, $"seq.{key}={v.GetDouble():F4}"));
            Console.WriteLine(string.Create(inv, $"seq.gan.conditional={(conditional ? 1 : 0)}"));
            Console.WriteLine(string.Create(inv, $"seq.gan.epochs={GanEpochs}"));
        }
        if (rest.Contains("--skip-ae")) return 0;
        var ae = Bench.RunJson(Environment.ProcessPath ?? "dotnet", [typeof(SeqSuite).Assembly.Location, "worker", "seq", "ae", t], Bench.OneBlasThread);
        foreach (string key in new[] { "ae.linear_probe_accuracy", "pca.linear_probe_accuracy", "ae.train_s", "ae.test_reconstruction_mse" })
            Console.WriteLine(string.Create(inv, $"seq.{key}={ae.GetProperty(key).GetDouble():F4}"));
        return 0;
    }

    private static void CharLm(string root, int chars, string t)
    {
        string text = Path.Combine(root, "out", "kjv.txt");
        WriteKjv(text);
        var inv = CultureInfo.InvariantCulture;
        string n = chars.ToString(inv);
        var cs = Bench.RunJson(Environment.ProcessPath ?? "dotnet", [typeof(SeqSuite).Assembly.Location, "worker", "seq", "charlm", text, n, t], Bench.OneBlasThread);
        var py = Bench.RunJson("/usr/bin/python3", [Path.Combine(root, "peers", "charlm.py"), text, n, t, Epochs.ToString(inv)], Bench.OneBlasThread);
        Console.WriteLine("seq.charlm.text=King James Bible (Debian package bible-kjv, public domain)");
        Console.WriteLine(string.Create(inv, $"seq.charlm.characters={chars}"));
        Console.WriteLine(string.Create(inv, $"seq.charlm.epochs={Epochs}"));
        foreach (var (key, suffix, json) in new[] { ("accuracy", "", cs), ("perplexity", "", cs), ("unigram_perplexity", "", cs), ("accuracy", "_pytorch", py), ("perplexity", "_pytorch", py), ("unigram_perplexity", "_pytorch", py) })
            Console.WriteLine(string.Create(inv, $"seq.charlm.{key}{suffix}={json.GetProperty(key).GetDouble():F4}"));
        double csT = cs.GetProperty("train_s").GetDouble(), pyT = py.GetProperty("train_s").GetDouble();
        Console.WriteLine(string.Create(inv, $"seq.charlm.train_s={csT:F1}"));
        Console.WriteLine(string.Create(inv, $"seq.charlm.train_s_pytorch={pyT:F1}"));
        Console.WriteLine(string.Create(inv, $"seq.charlm.time_ratio_vs_pytorch={csT / pyT:F3}"));
        Console.WriteLine($"seq.charlm.sample={JsonSerializer.Serialize(cs.GetProperty("sample").GetString())}");
    }

    /// <summary>
    /// The GAN's classifier score (Inception-score style, with our own classifier): the project's
    /// reference CNN (5 epochs) scores 10,000 images from a DCGAN trained on the full training set,
    /// exp(E[KL(p(y|x) || p(y))]), beside the same score of the 10,000 real test images.
    /// Conditioned on the label, the generated images cycle through the ten classes, and
    /// gan.class_match is the fraction the classifier assigns to the class asked for.
    /// Arguments: threads, conditional|unconditional, [epochs], [training rows].
    /// </summary>
    internal static int GanWorker(string[] args)
    {
        Engine.NumThreads = int.Parse(args[1], CultureInfo.InvariantCulture);
        bool conditional = args[2] == "conditional";
        int epochs = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : GanEpochs;
        int limit = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 0;
        var ctx = new MLContext(1);
        IDataView train = ctx.Data.LoadFashionMnist(train: true);
        if (limit > 0) train = ctx.Data.Cache(ctx.Data.TakeRows(train, limit));
        var test = ctx.Data.LoadFashionMnist(train: false);
        using var classifier = ctx.MulticlassClassification.Trainers.NeuralNetwork(new DeepTrainerOptions
        {
            Network = NetworkSpec.ReferenceCnn(), Epochs = 5, LearningRate = 1e-3, Schedule = LearningRateSchedule.Cosine, Seed = 1,
        }).Fit(train);
        double accuracy = ctx.MulticlassClassification.Evaluate(classifier.Transform(test)).MicroAccuracy;
        var trainer = new GanTrainer(ctx, new GanOptions { LabelColumnName = conditional ? "Label" : null, Training = new DeepTrainerOptions { Epochs = epochs, BatchSize = 128, LearningRate = 2e-4, Seed = 1 } });
        var clock = new LoopClock();
        trainer.Callbacks.Add(clock);
        using var gan = trainer.Fit(train);
        var generated = new List<float[]>();
        for (int s = 0; s < 10_000; s += 500) generated.AddRange(gan.Generate(500, firstSeed: s));
        File.WriteAllBytes(Bench.OutFile("gan-samples.png"), gan.PngGrid(generated.Take(64).ToArray()));
        var fake = new InMemoryDataViewBuilder().AddVector("Features", generated.SelectMany(g => g).ToArray(), 1, 28, 28).Build();
        var fakeRows = Scores(classifier.Transform(fake));
        double fakeScore = ClassifierScore(fakeRows), realScore = ClassifierScore(Scores(classifier.Transform(test)));
        var result = new Dictionary<string, double>
        {
            ["gan.classifier_score"] = fakeScore, ["gan.real_classifier_score"] = realScore, ["gan.score_fraction_of_real"] = fakeScore / realScore,
            ["gan.train_s"] = clock.Seconds, ["gan.classifier_test_accuracy"] = accuracy,
        };
        // Generate(count) cycles the classes: image i was asked to be class i mod 10.
        if (conditional) result["gan.class_match"] = fakeRows.Select((p, i) => Array.IndexOf(p, p.Max()) == i % p.Length ? 1.0 : 0).Average();
        Console.WriteLine(JsonSerializer.Serialize(result));
        return 0;
    }

    /// <summary>Each row's class probabilities (the Score column).</summary>
    private static List<float[]> Scores(IDataView scored)
    {
        var rows = new List<float[]>();
        using var c = scored.GetRowCursor([scored.Schema["Score"]]);
        var get = c.GetGetter<VBuffer<float>>(scored.Schema["Score"]);
        var buf = default(VBuffer<float>);
        while (c.MoveNext()) { get(ref buf); rows.Add(buf.ToArray()); }
        return rows;
    }

    /// <summary>exp(mean over rows of KL(p(y|x) || p(y))), p(y) the mean of the rows' class probabilities.</summary>
    private static double ClassifierScore(List<float[]> rows)
    {
        int k = rows[0].Length;
        var marginal = new double[k];
        foreach (var p in rows) for (int j = 0; j < k; j++) marginal[j] += p[j] / rows.Count;
        double kl = 0;
        foreach (var p in rows)
            for (int j = 0; j < k; j++)
                if (p[j] > 0) kl += p[j] * (Math.Log(p[j]) - Math.Log(marginal[j]));
        return Math.Exp(kl / rows.Count);
    }

    /// <summary>
    /// The autoencoder's linear probe: a dense denoising autoencoder 784-256-128-32 (30 epochs,
    /// masking noise 0.3) on the training images, then multinomial logistic regression on the
    /// 32-value codes, against the same regression on a 32-component PCA; test accuracy of each.
    /// </summary>
    internal static int AutoencoderWorker(string[] args)
    {
        Engine.NumThreads = int.Parse(args[1], CultureInfo.InvariantCulture);
        var ctx = new MLContext(1);
        var train = ctx.Data.LoadFashionMnist(train: true);
        var test = ctx.Data.LoadFashionMnist(train: false);
        // Recipe (overridable for experiments: epochs, masking probability, Gaussian noise).
        int epochs = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : AeEpochs;
        double masking = args.Length > 3 ? double.Parse(args[3], CultureInfo.InvariantCulture) : AeMasking;
        double noise = args.Length > 4 ? double.Parse(args[4], CultureInfo.InvariantCulture) : 0;
        var trainer = new AutoencoderTrainer(ctx, new AutoencoderOptions
        {
            BottleneckSize = 32, HiddenSizes = [256, 128], MaskingProbability = masking, NoiseStd = noise,
            Training = new DeepTrainerOptions { Epochs = epochs, BatchSize = 128, LearningRate = 1e-3, Schedule = LearningRateSchedule.Cosine, Seed = 1 },
        });
        var clock = new LoopClock();
        trainer.Callbacks.Add(clock);
        using var ae = trainer.Fit(train);
        var probe = ctx.MulticlassClassification.Trainers.LogisticRegression(new LogisticRegressionOptions { FeatureColumnName = "Embedding", MaximumIterations = 200 });
        var aeTrain = ctx.Data.Cache(ae.Transform(train));
        var aeTest = ctx.Data.Cache(ae.Transform(test));
        double aeAccuracy = ctx.MulticlassClassification.Evaluate(probe.Fit(aeTrain).Transform(aeTest)).MicroAccuracy;
        double mse = 0;
        using (var c = aeTest.GetRowCursor([aeTest.Schema["ReconstructionError"]]))
        {
            var get = c.GetGetter<float>(aeTest.Schema["ReconstructionError"]);
            float e = 0;
            long n = 0;
            while (c.MoveNext()) { get(ref e); mse += e; n++; }
            mse /= n;
        }
        var pca = ctx.Transforms.ProjectToPrincipalComponents(new PcaOptions { InputColumnName = "Features", OutputColumnName = "Pca", Rank = 32, Seed = 1 }).Fit(train);
        var pcaProbe = ctx.MulticlassClassification.Trainers.LogisticRegression(new LogisticRegressionOptions { FeatureColumnName = "Pca", MaximumIterations = 200 });
        var pcaTrain = ctx.Data.Cache(pca.Transform(train));
        double pcaAccuracy = ctx.MulticlassClassification.Evaluate(pcaProbe.Fit(pcaTrain).Transform(pca.Transform(test))).MicroAccuracy;
        Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, double>
        {
            ["ae.linear_probe_accuracy"] = aeAccuracy, ["pca.linear_probe_accuracy"] = pcaAccuracy, ["ae.train_s"] = clock.Seconds, ["ae.test_reconstruction_mse"] = mse,
        }));
        return 0;
    }

    /// <summary>The KJV as plain text: `bible -f` prints one verse per line after its reference ("Ge1:1 In the beginning...").</summary>
    private static void WriteKjv(string path)
    {
        if (File.Exists(path)) return;
        var psi = new ProcessStartInfo("bible", ["-f", "gen1:1-rev22:21"]) { RedirectStandardOutput = true, RedirectStandardInput = true, UseShellExecute = false };
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("`bible` could not be started; ./setup.sh --bench installs Debian's bible-kjv.");
        p.StandardInput.Close();
        string all = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        string text = Reference().Replace(all, "");
        if (text.Length < 4_000_000) throw new InvalidOperationException($"`bible` printed only {text.Length} characters of the KJV.");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    [GeneratedRegex(@"(?m)^[1-3]?[A-Za-z]+\d+:\d+ ")]
    private static partial Regex Reference();

    /// <summary>The C# side: trains the char LM on the first n characters and reports held-out metrics and time.</summary>
    internal static int Worker(string[] args)
    {
        string text = File.ReadAllText(args[1])[..int.Parse(args[2], CultureInfo.InvariantCulture)];
        Engine.NumThreads = int.Parse(args[3], CultureInfo.InvariantCulture);
        var trainer = new CharLanguageModelTrainer(new MLContext(1), Options());
        // Time the training loop alone, as the peer does (not the vocabulary, windows or the held-out evaluation).
        var clock = new LoopClock();
        trainer.Callbacks.Add(clock);
        using var model = trainer.Fit(text);
        double seconds = clock.Seconds;
        var h = model.Holdout!;
        Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["train_s"] = seconds, ["accuracy"] = h.Accuracy, ["perplexity"] = h.Perplexity, ["unigram_perplexity"] = h.UnigramPerplexity!.Value,
            ["sample"] = model.Generate("And God said, ", 120, temperature: 0.7, topK: 10, seed: 1),
        }));
        return 0;
    }

    private sealed class LoopClock : TrainingCallback
    {
        private readonly Stopwatch _sw = new();

        public double Seconds => _sw.Elapsed.TotalSeconds;

        public override void OnTrainBegin() => _sw.Restart();

        public override void OnTrainEnd(TrainingLogs? last) => _sw.Stop();
    }

    /// <summary>The recipe benchmarks/peers/charlm.py mirrors.</summary>
    internal static CharLanguageModelOptions Options() => new()
    {
        SequenceLength = 64, EmbeddingSize = 32, Cell = "LSTM", HiddenSize = 256, HoldoutFraction = 0.1,
        Training = new DeepTrainerOptions { Epochs = Epochs, BatchSize = 64, LearningRate = 2e-3, GradientClipNorm = 5, Schedule = LearningRateSchedule.Cosine, Seed = 1 },
    };
}
