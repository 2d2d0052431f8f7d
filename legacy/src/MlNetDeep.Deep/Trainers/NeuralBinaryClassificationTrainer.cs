using MlNetDeep.Data;
using MlNetDeep.Deep.Models;
using MlNetDeep.Deep.Networks;
using MlNetDeep.Torch;
using MlNetDeep.Torch.Nn;

namespace MlNetDeep.Deep.Trainers;

/// <summary>
/// Trains a neural binary classifier with binary cross-entropy on logits (one output) on a
/// Boolean label; returns a <see cref="NeuralBinaryClassifierModel"/> (Probability, Score,
/// PredictedLabel).
/// </summary>
public sealed class NeuralBinaryClassificationTrainer : NeuralTrainerBase<NeuralBinaryClassifierModel>
{
    /// <summary>Creates the trainer.</summary>
    public NeuralBinaryClassificationTrainer(MLContext context, Training.DeepTrainerOptions options, Func<int[], int, NetworkSpec> defaultNetwork)
        : base(context, options, defaultNetwork) { }

    private protected override string LabelExpected => "Boolean";

    private protected override int Outputs(DataViewSchema.Column label) =>
        label.Type is BooleanDataViewType ? 1 : throw new SchemaMismatchException(Options.LabelColumnName, LabelExpected, label.Type.ToString());

    private protected override bool LabelFits(SchemaShape.Column label) => label.ItemType is BooleanDataViewType && label.Kind == SchemaShape.VectorKind.Scalar;

    private protected override Tensor Loss(Tensor output, Tensor label) => Functional.BinaryCrossEntropyWithLogits(output, label.View(output.Shape));

    private protected override Func<Tensor, Tensor, long>? Correct => (output, label) => output.Squeeze(1).Gt(0.0).Eq(label.Gt(0.5)).Sum().ToInt64();

    private protected override NeuralBinaryClassifierModel MakeModel(NetworkSpec spec, Sequential net, DataViewSchema.Column label) =>
        new(spec, net, Options.FeatureColumnName, Options.OutputEmbedding);

    private protected override SchemaShape.Column[] OutputColumns() =>
    [
        new("Probability", SchemaShape.VectorKind.Scalar, NumberDataViewType.Single),
        new("Score", SchemaShape.VectorKind.Scalar, NumberDataViewType.Single),
        new("PredictedLabel", SchemaShape.VectorKind.Scalar, BooleanDataViewType.Instance),
    ];
}
