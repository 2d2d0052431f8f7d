using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using MlNetDeep.Models;
using MlNetDeep.Schema;
using MlNetDeep.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace MlNetDeep.Trainers;

/// <summary>Trains a network regressor (one output) on a Single label; the model adds <c>Score</c> (Single), as ML.NET's regression trainers do.</summary>
public sealed class DeepRegressionTrainer : DeepTrainerBase<DeepRegressionModel, DeepRegressionTrainer.Options>
{
    /// <summary>Options of <see cref="DeepRegressionTrainer"/>.</summary>
    public sealed record Options : DeepTrainerOptions
    {
        /// <summary>The loss (default squared error).</summary>
        public RegressionLoss Loss { get; set; } = RegressionLoss.Squared;

        /// <summary>Where the Huber loss turns from squared to absolute (default 1).</summary>
        public double HuberDelta { get; set; } = 1;

        /// <inheritdoc />
        public override void Validate()
        {
            base.Validate();
            Check(HuberDelta > 0 && double.IsFinite(HuberDelta), $"HuberDelta must be a finite number > 0. Received: {HuberDelta}.");
        }
    }

    internal DeepRegressionTrainer(IHostEnvironment environment, Options options, NetworkSource network) : base(environment, options, network) { }

    private protected override string LabelExpected => "Single";

    private protected override bool LabelFits(SchemaShape.Column label) =>
        label.Kind == SchemaShape.Column.VectorKind.Scalar && label.ItemType == NumberDataViewType.Single;

    private protected override LabelInfo InspectLabel(DataViewSchema.Column label) =>
        label.Type == NumberDataViewType.Single ? new LabelInfo(1, "one value") : throw new SchemaMismatchException(TrainerOptions.LabelColumnName, LabelExpected, label.Type.ToString());

    private protected override Func<Tensor, Tensor, Tensor> Loss(LabelInfo label, Device device)
    {
        var (kind, delta) = (TrainerOptions.Loss, TrainerOptions.HuberDelta);
        return (output, y) => kind switch
        {
            RegressionLoss.Absolute => nn.functional.l1_loss(output.squeeze(1), y),
            RegressionLoss.Huber => nn.functional.huber_loss(output.squeeze(1), y, delta: delta),
            _ => nn.functional.mse_loss(output.squeeze(1), y),
        };
    }

    private protected override SchemaShape.Column[] OutputShapes(SchemaShape.Column label) =>
        [SchemaShapes.Scalar("Score", NumberDataViewType.Single, annotations: ScoreAnnotations.Shape())];

    private protected override DeepRegressionModel MakeModel(nn.Module<Tensor, Tensor> network, PlannedNetwork plan, LabelInfo label, TrainingHistory history, Device device) =>
        new(network, plan.InputShape, plan.Spec, TrainerOptions.FeatureColumnName, history, device);
}
