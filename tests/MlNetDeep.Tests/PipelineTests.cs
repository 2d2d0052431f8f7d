using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetDeep.Models;
using MlNetDeep.Trainers;
using Xunit;

namespace MlNetDeep.Tests;

/// <summary>
/// Our CNN inside a stock ML.NET pipeline, as a user writes it: LoadFromTextFile, MapValueToKey,
/// NormalizeMinMax, the CNN, MapKeyToValue; evaluated and cross-validated by ML.NET, predicted
/// through a PredictionEngine with a plain string label.
/// </summary>
public sealed class PipelineTests : IDisposable
{
    private const int Side = 8;
    private readonly string _dir = Directory.CreateTempSubdirectory("mnd-pipe").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public sealed class Input
    {
        [LoadColumn(0)] public string Shape { get; set; } = "";
        [LoadColumn(1, Side * Side), VectorType(Side * Side)] public float[] Pixels { get; set; } = [];
    }

    public sealed class Output
    {
        public string PredictedShape { get; set; } = "";
        public float[] Score { get; set; } = [];
    }

    private string WriteCsv(string name, int n, int seed)
    {
        var (pixels, labels) = Shapes.Make(n, Side, seed);
        string path = Path.Combine(_dir, name);
        // Pixels on a 0..255 scale, so NormalizeMinMax has work to do.
        File.WriteAllLines(path, pixels.Select((p, i) => Shapes.Names[labels[i] - 1] + "," + string.Join(",", p.Select(v => (v * 255).ToString("F1", CultureInfo.InvariantCulture)))));
        return path;
    }

    private static IEstimator<ITransformer> Pipeline(MLContext ml) =>
        ml.Transforms.Conversion.MapValueToKey("Label", "Shape")
            .Append(ml.Transforms.NormalizeMinMax("Features", "Pixels"))
            .Append(ml.MulticlassClassification.Trainers.Cnn(new DeepMulticlassTrainer.Options { Epochs = 12, BatchSize = 32, LearningRate = 3e-3, InputShape = [1, Side, Side] }))
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedShape", "PredictedLabel"));

    [Fact]
    public void AStockPipelineFitsEvaluatesCrossValidatesAndPredicts()
    {
        var ml = new MLContext(seed: 1);
        var train = ml.Data.LoadFromTextFile<Input>(WriteCsv("train.csv", 600, 1), separatorChar: ',');
        var test = ml.Data.LoadFromTextFile<Input>(WriteCsv("test.csv", 300, 2), separatorChar: ',');

        var model = Pipeline(ml).Fit(train);
        var scored = model.Transform(test);
        var metrics = ml.MulticlassClassification.Evaluate(scored);
        Assert.True(metrics.MicroAccuracy > 0.9, $"accuracy {metrics.MicroAccuracy:F3}");
        Assert.Equal(4, metrics.ConfusionMatrix.NumberOfClasses);

        // Score's slots and PredictedLabel's keys carry the class names.
        VBuffer<ReadOnlyMemory<char>> slots = default;
        scored.Schema["Score"].GetSlotNames(ref slots);
        VBuffer<ReadOnlyMemory<char>> keys = default;
        scored.Schema["Label"].GetKeyValues(ref keys);
        Assert.Equal(keys.DenseValues().Select(k => k.ToString()), slots.DenseValues().Select(s => s.ToString()));
        Assert.Equal(Shapes.Names.Order(), slots.DenseValues().Select(s => s.ToString()).Order());
        var predicted = scored.GetColumn<string>("PredictedShape").ToArray();
        var truth = scored.GetColumn<string>("Shape").ToArray();
        Assert.Equal(metrics.MicroAccuracy, predicted.Zip(truth).Count(p => p.First == p.Second) / (double)truth.Length, 6);

        var engine = ml.Model.CreatePredictionEngine<Input, Output>(model);
        var rows = ml.Data.CreateEnumerable<Input>(test, reuseRowObject: false).Take(20).ToList();
        for (int i = 0; i < rows.Count; i++)
        {
            var p = engine.Predict(rows[i]);
            Assert.Equal(predicted[i], p.PredictedShape);
            Assert.Equal(1f, p.Score.Sum(), 4);
        }

        var folds = ml.MulticlassClassification.CrossValidate(train, Pipeline(ml), numberOfFolds: 3, labelColumnName: "Label");
        Assert.Equal(3, folds.Count);
        Assert.All(folds, f => Assert.True(f.Metrics.MicroAccuracy > 0.8, $"fold {f.Fold}: {f.Metrics.MicroAccuracy:F3}"));
    }

    [Fact]
    public void TheFittedModelExposesItsModuleAndHistory()
    {
        var ml = new MLContext(seed: 1);
        var train = ml.Data.LoadFromTextFile<Input>(WriteCsv("train.csv", 200, 1), separatorChar: ',');
        var model = Pipeline(ml).Fit(train);
        var cnn = ((IEnumerable<ITransformer>)model).OfType<DeepMulticlassModel>().Single();
        Assert.Equal(12, cnn.History.Epochs.Count);
        Assert.Equal(MlNetDeep.Training.StopReason.Completed, cnn.History.Stop);
        Assert.True(cnn.History.Metric("loss")[^1] < cnn.History.Metric("loss")[0]);
        Assert.Equal([1L, Side, Side], cnn.InputShape);
        Assert.Equal(Shapes.Names.Order(), cnn.ClassNames.Order());
        Assert.NotNull(cnn.Spec);
        Assert.Contains(cnn.Network.named_parameters(), p => p.name == "0.weight");
        Assert.Throws<NotSupportedException>(() => ml.Model.Save(model, train.Schema, Path.Combine(_dir, "m.zip")));
    }
}
