using MlNetDeep.Data;
using MlNetDeep.Deep.Models;
using MlNetDeep.Deep.Networks;
using MlNetDeep.Torch;
using MlNetDeep.Torch.Nn;

namespace MlNetDeep.Deep.Trainers;

/// <summary>
/// Trains a neural multi-label classifier with sigmoid + binary cross-entropy on a
/// fixed-size Vector&lt;Boolean&gt; label (one output per label); returns a
/// <see cref="NeuralMultiLabelModel"/>.
/// </summary>
public sealed class NeuralMultiLabelTrainer : NeuralTrainerBase<NeuralMultiLabelModel>
{
    private int _labels;

    /// <summary>Creates the trainer.</summary>
    public NeuralMultiLabelTrainer(MLContext context, Training.DeepTrainerOptions options, Func<int[], int, NetworkSpec> defaultNetwork)
        : base(context, options, defaultNetwork) { }

    private protected override string LabelExpected => "a fixed-size Vector<Boolean>";

    private protected override int Outputs(DataViewSchema.Column label) =>
        _labels = label.Type is VectorDataViewType { IsKnownSize: true, ItemType: BooleanDataViewType } v ? v.Size
            : throw new SchemaMismatchException(Options.LabelColumnName, LabelExpected, label.Type.ToString());

    private protected override bool LabelFits(SchemaShape.Column label) => label.ItemType is BooleanDataViewType && label.Kind == SchemaShape.VectorKind.Vector;

    private protected override Tensor Loss(Tensor output, Tensor label) => Functional.BinaryCrossEntropyWithLogits(output, label.View(output.Shape));

    private protected override NeuralMultiLabelModel MakeModel(NetworkSpec spec, Sequential net, DataViewSchema.Column label) =>
        new(spec, net, Options.FeatureColumnName, _labels, Options.OutputEmbedding);

    private protected override SchemaShape.Column[] OutputColumns() =>
    [
        new("Score", SchemaShape.VectorKind.Vector, NumberDataViewType.Single),
        new("PredictedLabel", SchemaShape.VectorKind.Vector, BooleanDataViewType.Instance),
    ];
}
