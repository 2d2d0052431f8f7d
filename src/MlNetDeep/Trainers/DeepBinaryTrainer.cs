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
/// Trains a network binary classifier (one output, a logit) with binary cross-entropy on a Boolean
/// label. The model adds <c>Score</c> (the logit), <c>Probability</c> (its sigmoid) and
/// <c>PredictedLabel</c> (Score &gt; 0), as ML.NET's calibrated binary trainers do.
/// </summary>
public sealed class DeepBinaryTrainer : DeepTrainerBase<DeepBinaryModel, DeepBinaryTrainer.Options>
{
    /// <summary>Options of <see cref="DeepBinaryTrainer"/>.</summary>
    public sealed record Options : DeepTrainerOptions
    {
        /// <summary>Weight of the positive class in the loss (default 1; above 1 favours recall).</summary>
        public double PositiveClassWeight { get; set; } = 1;

        /// <inheritdoc />
        public override void Validate()
        {
            base.Validate();
            Check(PositiveClassWeight > 0 && double.IsFinite(PositiveClassWeight), $"PositiveClassWeight must be a finite number > 0. Received: {PositiveClassWeight}.");
        }
    }

    internal DeepBinaryTrainer(IHostEnvironment environment, Options options, NetworkSource network) : base(environment, options, network) { }

    private protected override string LabelExpected => "Boolean";

    private protected override bool LabelFits(SchemaShape.Column label) =>
        label.Kind == SchemaShape.Column.VectorKind.Scalar && label.ItemType == BooleanDataViewType.Instance;

    private protected override LabelInfo InspectLabel(DataViewSchema.Column label) =>
        label.Type == BooleanDataViewType.Instance ? new LabelInfo(1, "one logit") : throw new SchemaMismatchException(TrainerOptions.LabelColumnName, LabelExpected, label.Type.ToString());

    private protected override Func<Tensor, Tensor, Tensor> Loss(LabelInfo label, Device device)
    {
        var positive = TrainerOptions.PositiveClassWeight == 1 ? null : tensor(new[] { (float)TrainerOptions.PositiveClassWeight }, device: device);
        return (output, y) => nn.functional.binary_cross_entropy_with_logits(output.squeeze(1), y, pos_weights: positive);
    }

    private protected override Func<Tensor, Tensor, Tensor>? Correct => static (output, y) => output.squeeze(1).gt(0).eq(y.gt(0.5)).sum();

    private protected override SchemaShape.Column[] OutputShapes(SchemaShape.Column label) =>
    [
        SchemaShapes.Scalar("Score", NumberDataViewType.Single, annotations: ScoreAnnotations.Shape()),
        SchemaShapes.Scalar("Probability", NumberDataViewType.Single, annotations: ScoreAnnotations.Shape(normalized: true)),
        SchemaShapes.Scalar("PredictedLabel", BooleanDataViewType.Instance, annotations: ScoreAnnotations.Shape()),
    ];

    private protected override DeepBinaryModel MakeModel(nn.Module<Tensor, Tensor> network, PlannedNetwork plan, LabelInfo label, TrainingHistory history, Device device) =>
        new(network, plan.InputShape, plan.Spec, TrainerOptions.FeatureColumnName, history, device);
}
