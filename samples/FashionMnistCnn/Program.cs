// Fashion-MNIST with a CNN in an ordinary ML.NET pipeline: load, key the label, append the CNN,
// fit, evaluate with ML.NET's evaluator, map the predicted key back to the class name, predict
// one image through a PredictionEngine.
//
//   dotnet run --project samples/FashionMnistCnn -c Release                 # 3 epochs on 60,000 images
//   dotnet run --project samples/FashionMnistCnn -c Release -- --epochs 25  # the benchmark's recipe length
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using MlNetDeep.Data.Augmentation;
using MlNetDeep.Trainers;
using MlNetDeep.Training;

int epochs = Option("--epochs", 3), limit = Option("--limit", 0);

var ml = new MLContext(seed: 1);
// The trainer writes one line per epoch to ML.NET's log, as ML.NET's own trainers write theirs.
ml.Log += (_, e) =>
{
    if (e.Kind == ChannelMessageKind.Info && e.Source.StartsWith(nameof(DeepMulticlassTrainer), StringComparison.Ordinal)) Console.WriteLine(e.RawMessage);
};

// Label: a key carrying the class names; Features: Vector<Single, 1, 28, 28> of pixel / 255.
IDataView train = ml.Data.LoadFashionMnist(train: true, limit: limit > 0 ? limit : null);
IDataView test = ml.Data.LoadFashionMnist(train: false);

var pipeline = ml.MulticlassClassification.Trainers.Cnn(new DeepMulticlassTrainer.Options
    {
        Epochs = epochs,
        LearningRate = 1e-3,
        Schedule = LearningRateSchedule.Cosine,
        LabelSmoothing = 0.1,
        Augmentation = new ImageAugmentationOptions { RandomCropPadding = 2 },
    })
    .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedClass", "PredictedLabel"));

var model = pipeline.Fit(train);

var metrics = ml.MulticlassClassification.Evaluate(model.Transform(test));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"MicroAccuracy {metrics.MicroAccuracy:F4}, MacroAccuracy {metrics.MacroAccuracy:F4}, LogLoss {metrics.LogLoss:F4}"));
Console.WriteLine(metrics.ConfusionMatrix.GetFormattedConfusionTable());

var engine = ml.Model.CreatePredictionEngine<Image, Prediction>(model);
var first = ml.Data.CreateEnumerable<Image>(test, reuseRowObject: false).First();
var prediction = engine.Predict(first);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"The first test image is a {prediction.PredictedClass} ({prediction.Score.Max():P1})."));

int Option(string name, int fallback)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}

/// <summary>One image, as the data view's Features column holds it.</summary>
internal sealed class Image
{
    [VectorType(1, 28, 28)]
    public float[] Features { get; set; } = [];
}

/// <summary>What the pipeline adds: the class probabilities and the class name.</summary>
internal sealed class Prediction
{
    public float[] Score { get; set; } = [];
    public string PredictedClass { get; set; } = "";
}
