using MlNetDeep.Data;
using MlNetDeep.Deep.Models;
using MlNetDeep.Deep.Networks;
using MlNetDeep.Torch;
using MlNetDeep.Torch.Nn;

namespace MlNetDeep.Deep.Trainers;

/// <summary>
/// Trains a neural network regressor (image in, angle out, say) with mean squared or absolute
/// error on a Single label (one output) or a fixed-size Vector&lt;Single&gt; label (one output
/// per value); returns a <see cref="NeuralRegressionModel"/>.
/// </summary>
public sealed class NeuralRegressionTrainer : NeuralTrainerBase<NeuralRegressionModel>
{
    private readonly bool _l1;
    private int _outputs;

    /// <summary>Creates the trainer; <paramref name="l1"/> selects mean absolute error instead of mean squared error.</summary>
    public NeuralRegressionTrainer(MLContext context, Training.DeepTrainerOptions options, Func<int[], int, NetworkSpec> defaultNetwork, bool l1 = false)
        : base(context, options, defaultNetwork) => _l1 = l1;

    private protected override string LabelExpected => "Single or a fixed-size Vector<Single>";

    private protected override int Outputs(DataViewSchema.Column label)
    {
        _outputs = label.Type switch
        {
            var t when t == NumberDataViewType.Single => 1,
            VectorDataViewType { IsKnownSize: true } v when v.ItemType == NumberDataViewType.Single => v.Size,
            _ => throw new SchemaMismatchException(Options.LabelColumnName, LabelExpected, label.Type.ToString()),
        };
        return _outputs;
    }

    private protected override bool LabelFits(SchemaShape.Column label) =>
        label.ItemType == NumberDataViewType.Single && label.Kind != SchemaShape.VectorKind.VariableVector;

    private protected override Tensor Loss(Tensor output, Tensor label)
    {
        Tensor y = label.View(output.Shape);
        return _l1 ? Functional.L1Loss(output, y) : Functional.MseLoss(output, y);
    }

    private protected override NeuralRegressionModel MakeModel(NetworkSpec spec, Sequential net, DataViewSchema.Column label) =>
        new(spec, net, Options.FeatureColumnName, _outputs, Options.OutputEmbedding);

    private protected override SchemaShape.Column[] OutputColumns() => [new("Score", SchemaShape.VectorKind.Scalar, NumberDataViewType.Single)];
}
