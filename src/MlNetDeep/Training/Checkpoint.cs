using TorchSharp;
using static TorchSharp.torch;

namespace MlNetDeep.Training;

/// <summary>
/// A training checkpoint: the run's seed and position (epoch, global step), every module's state,
/// every optimizer's state, TorchSharp's global random state (dropout), the history so far and the
/// early-stopping state (best loss, epochs since, best weights), in one file written through a
/// temporary file renamed into place. Everything a resumed run needs to end with the weights of
/// an uninterrupted one.
/// </summary>
internal sealed class Checkpoint
{
    private const string Magic = "MLNETDEEP-CHECKPOINT";
    private const int Version = 2;

    internal int Seed { get; init; }
    internal int Epoch { get; init; }
    internal long Step { get; init; }
    internal List<TrainingLogs> History { get; init; } = [];
    internal double? BestLoss { get; init; }
    internal int BestEpoch { get; init; }
    internal int SinceBest { get; init; }

    /// <summary>Writes the state of <paramref name="task"/> and this record to <paramref name="path"/>.</summary>
    internal void Save(string path, TrainingTask task, IReadOnlyDictionary<string, Tensor>? best)
    {
        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        string temporary = $"{full}.{Environment.ProcessId}.tmp";
        try
        {
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write))
            using (var w = new BinaryWriter(stream))
            {
                w.Write(Magic);
                w.Write(Version);
                w.Write(Seed);
                w.Write(Epoch);
                w.Write(Step);
                WriteHistory(w, History);
                w.Write(BestLoss ?? double.NaN);
                w.Write(BestEpoch);
                w.Write(SinceBest);
                w.Write(task.Modules.Count);
                foreach (var (name, module) in task.Modules)
                {
                    w.Write(name);
                    module.save(w);
                }
                w.Write(task.Optimizers.Count);
                foreach (var (name, optimizer) in task.Optimizers)
                {
                    w.Write(name);
                    AsHelper(optimizer, path).save_state_dict(w);
                }
                using (var rng = torch.random.get_rng_state()) rng.Save(w);
                var randomModules = RandomModules(task);
                w.Write(randomModules.Count);
                foreach (var m in randomModules)
                    using (var state = m.Generator.get_state()) state.Save(w);
                w.Write(best is not null);
                if (best is not null)
                {
                    w.Write(best.Count);
                    foreach (var (name, tensor) in best)
                    {
                        w.Write(name);
                        tensor.Save(w);
                    }
                }
                w.Flush();
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }

    /// <summary>Reads <paramref name="path"/> into <paramref name="task"/>'s modules and optimizers; returns the record and the best weights, if saved.</summary>
    /// <exception cref="InvalidDataException">The file is not a checkpoint, was written with another seed, or does not fit these modules; the message names the file.</exception>
    internal static (Checkpoint State, Dictionary<string, Tensor>? Best) Load(string path, TrainingTask task, int seed)
    {
        try
        {
            using var stream = File.OpenRead(path);
            using var r = new BinaryReader(stream);
            if (r.ReadString() != Magic) throw new InvalidDataException($"{path} is not a training checkpoint.");
            int version = r.ReadInt32();
            if (version != Version) throw new InvalidDataException($"{path} is a version {version} checkpoint; this library reads version {Version}.");
            int fileSeed = r.ReadInt32();
            if (fileSeed != seed)
                throw new InvalidDataException($"{path} was written by a run with another seed ({fileSeed}; this run: {seed}); delete it or use that seed.");
            var state = new Checkpoint
            {
                Seed = fileSeed, Epoch = r.ReadInt32(), Step = r.ReadInt64(), History = ReadHistory(r),
                BestLoss = r.ReadDouble() is var b && double.IsNaN(b) ? null : b, BestEpoch = r.ReadInt32(), SinceBest = r.ReadInt32(),
            };
            Expect(r.ReadInt32(), task.Modules.Count, "modules", path);
            foreach (var (name, module) in task.Modules)
            {
                Expect(r.ReadString(), name, "module", path);
                module.load(r, strict: true);
            }
            Expect(r.ReadInt32(), task.Optimizers.Count, "optimizers", path);
            foreach (var (name, optimizer) in task.Optimizers)
            {
                Expect(r.ReadString(), name, "optimizer", path);
                AsHelper(optimizer, path).load_state_dict(r);
            }
            using (var rng = TensorExtensionMethods.Load(r)) torch.random.set_rng_state(rng);
            var randomModules = RandomModules(task);
            Expect(r.ReadInt32(), randomModules.Count, "modules with their own generator", path);
            foreach (var m in randomModules)
                using (var saved = TensorExtensionMethods.Load(r)) m.Generator.set_state(saved);
            Dictionary<string, Tensor>? best = null;
            if (r.ReadBoolean())
            {
                best = [];
                int count = r.ReadInt32();
                for (int i = 0; i < count; i++) best[r.ReadString()] = TensorExtensionMethods.Load(r);
            }
            return (state, best);
        }
        catch (Exception e) when (e is EndOfStreamException or ArgumentException or InvalidOperationException or IOException and not FileNotFoundException)
        {
            throw new InvalidDataException($"{path} does not fit this training run: {e.Message}", e);
        }
    }

    /// <summary>The modules of <paramref name="task"/> that draw from generators of their own (seeded dropout), in a fixed order.</summary>
    private static List<Networks.IRandomModule> RandomModules(TrainingTask task) =>
        task.Modules.SelectMany(m => m.Module.modules()).OfType<Networks.IRandomModule>().ToList();

    /// <summary>TorchSharp's managed optimizers (Adam, SGD, …) derive from OptimizerHelper, which holds their state saving.</summary>
    private static TorchSharp.Modules.OptimizerHelper AsHelper(optim.Optimizer optimizer, string path) => optimizer as TorchSharp.Modules.OptimizerHelper
        ?? throw new NotSupportedException($"Checkpoint {path}: the optimizer {optimizer.GetType().Name} cannot save its state (TorchSharp's OptimizerHelper optimizers can).");

    private static void Expect<T>(T got, T expected, string what, string path)
    {
        if (!EqualityComparer<T>.Default.Equals(got, expected))
            throw new InvalidDataException($"{path} does not fit this training run: {what} {got} where this run has {expected}.");
    }

    private static void WriteHistory(BinaryWriter w, List<TrainingLogs> history)
    {
        w.Write(history.Count);
        foreach (var e in history)
        {
            w.Write(e.Epoch);
            w.Write(e.Epochs);
            w.Write(e.Loss);
            w.Write(e.SamplesPerSecond);
            w.Write(e.Elapsed.Ticks);
            w.Write(e.Metrics.Count);
            foreach (var (k, v) in e.Metrics)
            {
                w.Write(k);
                w.Write(v);
            }
        }
    }

    private static List<TrainingLogs> ReadHistory(BinaryReader r)
    {
        int n = r.ReadInt32();
        if (n is < 0 or > 1_000_000) throw new InvalidDataException($"a history of {n} epochs");
        var history = new List<TrainingLogs>(n);
        for (int i = 0; i < n; i++)
        {
            int epoch = r.ReadInt32(), epochs = r.ReadInt32();
            double loss = r.ReadDouble(), rate = r.ReadDouble();
            var elapsed = TimeSpan.FromTicks(r.ReadInt64());
            int m = r.ReadInt32();
            if (m is < 0 or > 10_000) throw new InvalidDataException($"an epoch with {m} metrics");
            var metrics = new Dictionary<string, double>(m);
            for (int j = 0; j < m; j++) metrics[r.ReadString()] = r.ReadDouble();
            history.Add(new TrainingLogs(epoch, epochs, 0, 0, loss, metrics, rate, elapsed, TimeSpan.Zero));
        }
        return history;
    }
}
