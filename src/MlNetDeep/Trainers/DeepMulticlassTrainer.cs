using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using MlNetDeep.Models;
using MlNetDeep.Schema;
using MlNetDeep.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace MlNetDeep.Trainers;

/// <summary>
/// Trains a network classifier (softmax regression, MLP, CNN, any layer specs or your own TorchSharp
/// module) with softmax cross-entropy on a key label. The model adds <c>Score</c>
/// (Vector&lt;Single, K&gt;, the class probabilities, slots named by the classes) and
/// <c>PredictedLabel</c> (a key carrying the label's class names), as LightGbm's multiclass trainer does.
/// </summary>
public sealed class DeepMulticlassTrainer : DeepTrainerBase<DeepMulticlassModel, DeepMulticlassTrainer.Options>
{
    /// <summary>Options of <see cref="DeepMulticlassTrainer"/>.</summary>
    public sealed record Options : DeepTrainerOptions
    {
        /// <summary>Label smoothing in [0, 1) for the cross-entropy (default 0).</summary>
        public double LabelSmoothing { get; set; }

        /// <summary>Per-class loss weights, one per class in key order (null: equal).</summary>
        public float[]? ClassWeights { get; set; }

        /// <inheritdoc />
        public override void Validate()
        {
            base.Validate();
            Check(LabelSmoothing is >= 0 and < 1, $"LabelSmoothing must be in [0, 1). Received: {LabelSmoothing}.");
            Check(ClassWeights is null || ClassWeights.All(w => w >= 0 && float.IsFinite(w)), "ClassWeights must be finite and >= 0.");
        }
    }

    internal DeepMulticlassTrainer(IHostEnvironment environment, Options options, NetworkSource network) : base(environment, options, network) { }

    private protected override string LabelExpected => "a key column (use MapValueToKey), e.g. Key<UInt32, 10>";

    private protected override bool LabelFits(SchemaShape.Column label) => label.IsKey && label.Kind == SchemaShape.Column.VectorKind.Scalar;

    private protected override LabelInfo InspectLabel(DataViewSchema.Column label)
    {
        if (label.Type is not KeyDataViewType key || key.Count > int.MaxValue)
            throw new SchemaMismatchException(TrainerOptions.LabelColumnName, LabelExpected, label.Type.ToString());
        int classes = (int)key.Count;
        if (classes < 2) throw new SchemaMismatchException(TrainerOptions.LabelColumnName, "a key of at least 2 classes", label.Type.ToString());
        if (TrainerOptions.ClassWeights is { } w && w.Length != classes)
            throw new ArgumentException($"ClassWeights has {w.Length} weights; the label '{TrainerOptions.LabelColumnName}' has {classes} classes.");
        return new LabelInfo(classes, $"{classes} classes", LabelValues.Of(label, classes));
    }

    private protected override Func<Tensor, Tensor, Tensor> Loss(LabelInfo label, Device device)
    {
        var weights = TrainerOptions.ClassWeights is { } w ? tensor(w, device: device) : null;
        double smoothing = TrainerOptions.LabelSmoothing;
        return (output, y) => nn.functional.cross_entropy(output, y, weights, ignore_index: -1, label_smoothing: smoothing);
    }

    private protected override Func<Tensor, Tensor, Tensor>? Correct => static (output, y) => output.argmax(1).eq(y).sum();

    private protected override SchemaShape.Column[] OutputShapes(SchemaShape.Column label)
    {
        var scoreAnnotations = new List<SchemaShape.Column>();
        var keyValues = new List<SchemaShape.Column>();
        if (label.Annotations.TryFind(AnnotationKinds.KeyValues, out var values) && values.Kind == SchemaShape.Column.VectorKind.Vector)
        {
            scoreAnnotations.Add(SchemaShapes.Vector(AnnotationKinds.SlotNames, TextDataViewType.Instance));
            scoreAnnotations.Add(SchemaShapes.Vector(AnnotationKinds.TrainingLabelValues, values.ItemType));
            keyValues.Add(values);
        }
        return
        [
            SchemaShapes.Vector("Score", NumberDataViewType.Single, annotations: scoreAnnotations.Concat(ScoreAnnotations.Shape())),
            SchemaShapes.Scalar("PredictedLabel", NumberDataViewType.UInt32, isKey: true, annotations: keyValues.Concat(ScoreAnnotations.Shape())),
        ];
    }

    private protected override DeepMulticlassModel MakeModel(nn.Module<Tensor, Tensor> network, PlannedNetwork plan, LabelInfo label, TrainingHistory history, Device device) =>
        new(network, plan.InputShape, plan.Spec, TrainerOptions.FeatureColumnName, history, device, label.Values!);
}
