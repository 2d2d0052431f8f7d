using System.Globalization;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetDeep.Networks;
using MlNetDeep.Runtime;
using MlNetDeep.Trainers;
using MlNetDeep.Training;
using TorchSharp;

namespace MlNetDeep.Tests.Worker;

/// <summary>
/// Child process of the tests. <c>runtime</c>: loads TorchSharp through <see cref="TorchRuntime"/>, trains a
/// few steps and prints what happened as JSON. <c>train DIR EPOCHS</c>: trains an MLP on generated data with a
/// checkpoint in DIR, printing "epoch N" after each epoch, and writes the final weights to DIR/weights.bin.
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        torch.set_num_threads(1);
        return args[0] switch
        {
            "runtime" => Runtime(),
            "train" => Train(args[1], int.Parse(args[2], CultureInfo.InvariantCulture)),
            _ => 2,
        };
    }

    private static int Runtime()
    {
        var status = TorchRuntime.Initialize();
        var model = torch.nn.Linear(4, 1);
        var optimizer = torch.optim.SGD(model.parameters(), 0.1);
        var x = torch.randn(64, 4);
        var y = x.sum(1, keepdim: true);
        double first = 0, last = 0;
        for (int i = 0; i < 50; i++)
        {
            using var scope = torch.NewDisposeScope();
            var loss = torch.nn.functional.mse_loss(model.forward(x), y);
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
            if (i == 0) first = loss.item<float>();
            last = loss.item<float>();
        }
        Console.WriteLine(JsonSerializer.Serialize(new { status.NativeLibrary, status.CompatibilityCopy, status.WeakenedVersions, status.Reason, first, last }));
        return 0;
    }

    private sealed record Row(float[] Features, bool Label);

    private sealed class EpochPrinter : TrainingCallback
    {
        public override void OnEpochEnd(TrainingLogs logs)
        {
            Console.WriteLine($"epoch {logs.Epoch}");
            Console.Out.Flush();
        }
    }

    private static int Train(string directory, int epochs)
    {
        var rng = new Random(3);
        var rows = Enumerable.Range(0, 4000).Select(_ =>
        {
            var f = Enumerable.Range(0, 16).Select(_ => (float)rng.NextDouble()).ToArray();
            return new Row(f, f[0] + f[1] > f[2] + f[3]);
        }).ToList();
        var ml = new MLContext(1);
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new Microsoft.ML.Data.VectorDataViewType(Microsoft.ML.Data.NumberDataViewType.Single, 16);
        var data = ml.Data.LoadFromEnumerable(rows, schema);
        var trainer = ml.BinaryClassification.Trainers.NeuralNetwork(new DeepBinaryTrainer.Options
        {
            Network = NetworkSpec.Mlp([16], [256, 256], 1, dropout: 0.2), Epochs = epochs, BatchSize = 16, Seed = 5, Deterministic = true,
            Schedule = LearningRateSchedule.Cosine, CheckpointPath = Path.Combine(directory, "run.ckpt"),
        });
        trainer.Callbacks.Add(new EpochPrinter());
        using var model = trainer.Fit(data);
        using var file = File.Create(Path.Combine(directory, "weights.bin"));
        using var writer = new BinaryWriter(file);
        model.Network.save(writer);
        Console.WriteLine(JsonSerializer.Serialize(new { epochs = model.History.Epochs.Select(e => e.Epoch) }));
        return 0;
    }
}
