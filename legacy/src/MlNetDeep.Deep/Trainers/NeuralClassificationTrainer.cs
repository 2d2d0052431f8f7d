using MlNetDeep.Data;
using MlNetDeep.Deep.Models;
using MlNetDeep.Deep.Networks;
using MlNetDeep.Torch;
using MlNetDeep.Torch.Nn;

namespace MlNetDeep.Deep.Trainers;

/// <summary>
/// Trains a neural network classifier (softmax regression, MLP or CNN — whatever the network
/// spec describes) with softmax + cross-entropy (label smoothing and class weights from the
/// options) on a key label column; returns a <see cref="NeuralClassifierModel"/> whose
/// <c>PredictedLabel</c> is named by the label's classes. Same seed, CPU: the same weights.
/// </summary>
public sealed class NeuralClassificationTrainer : NeuralTrainerBase<NeuralClassifierModel>
{
    private Tensor? _weights;
    private IReadOnlyList<string> _classes = [];

    /// <summary>Creates the trainer; <paramref name="defaultNetwork"/> (input shape, classes) is used when the options name no network.</summary>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public NeuralClassificationTrainer(MLContext context, Training.DeepTrainerOptions options, Func<int[], int, NetworkSpec> defaultNetwork)
        : base(context, options, defaultNetwork) { }

    internal NeuralClassificationTrainer(MLContext context, Training.DeepTrainerOptions options, Training.NetworkSetup setup)
        : base(context, options, setup) { }

    private protected override string LabelExpected => "a key column (use MapValueToKey)";

    private protected override int Outputs(DataViewSchema.Column label)
    {
        if (label.Type is not KeyDataViewType k) throw new SchemaMismatchException(Options.LabelColumnName, LabelExpected, label.Type.ToString());
        _classes = label.KeyValues ?? Enumerable.Range(0, (int)k.Count).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        if (_classes.Count < 2) throw new ArgumentException($"Label column '{Options.LabelColumnName}' has {_classes.Count} class; a classifier needs at least 2.");
        if (Options.ClassWeights is { } w && w.Count != _classes.Count) throw new ArgumentException($"ClassWeights has {w.Count} weights for {_classes.Count} classes.");
        _weights?.Dispose();
        _weights = Options.ClassWeights is { } cw ? Tensor.FromArray(cw.ToArray()).DetachFromDisposeScope() : null;
        return _classes.Count;
    }

    private protected override bool LabelFits(SchemaShape.Column label) => label.IsKey && label.Kind == SchemaShape.VectorKind.Scalar;

    private protected override Tensor Loss(Tensor output, Tensor label) =>
        Functional.CrossEntropy(output, label, _weights, ignoreIndex: -1, labelSmoothing: Options.LabelSmoothing);

    private protected override Func<Tensor, Tensor, long>? Correct => (output, label) => output.ArgMax(1).Eq(label).Sum().ToInt64();

    private protected override NeuralClassifierModel MakeModel(NetworkSpec spec, Sequential net, DataViewSchema.Column label) =>
        new(spec, net, Options.FeatureColumnName, _classes, Options.OutputEmbedding);

    private protected override SchemaShape.Column[] OutputColumns() =>
    [
        new("Score", SchemaShape.VectorKind.Vector, NumberDataViewType.Single),
        new("PredictedLabel", SchemaShape.VectorKind.Scalar, KeyDataViewType.Unknown),
    ];
}
