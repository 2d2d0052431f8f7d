using MlNetDeep.Data;
using MlNetDeep.Data.Augmentation;
using TorchSharp;
using static TorchSharp.torch;

namespace MlNetDeep.Training;

/// <summary>
/// The task of the catalog trainers: a network maps the feature column (viewed as the network's
/// input shape, augmented while training when the options say so) to an output, and a loss
/// compares that with the label column.
/// </summary>
internal sealed class SupervisedTask : TrainingTask, IDisposable
{
    private readonly nn.Module<Tensor, Tensor> _network;
    private readonly optim.Optimizer _optimizer;
    private readonly long[] _inputShape;
    private readonly string _features, _label;
    private readonly Func<Tensor, Tensor, Tensor> _loss;
    private readonly Func<Tensor, Tensor, Tensor>? _correct;
    private readonly ImageAugmentationOptions? _augmentation;

    /// <param name="network">The network, on the training device.</param>
    /// <param name="inputShape">One example's input shape.</param>
    /// <param name="options">Columns, optimizer settings and augmentation.</param>
    /// <param name="loss">The mean loss of outputs and labels.</param>
    /// <param name="correct">The number of correct predictions as a scalar tensor, or null when the task has no accuracy.</param>
    public SupervisedTask(nn.Module<Tensor, Tensor> network, long[] inputShape, DeepTrainerOptions options,
        Func<Tensor, Tensor, Tensor> loss, Func<Tensor, Tensor, Tensor>? correct)
    {
        (_network, _inputShape, _loss, _correct) = (network, inputShape, loss, correct);
        (_features, _label, _augmentation) = (options.FeatureColumnName, options.LabelColumnName, options.Augmentation is { Any: true } a ? a : null);
        _optimizer = CreateOptimizer(options, network.parameters());
        Columns = [_features, _label];
        Modules = [("model", network)];
        Optimizers = [("optimizer", _optimizer)];
    }

    /// <summary>The optimizer the options name, over <paramref name="parameters"/>.</summary>
    internal static optim.Optimizer CreateOptimizer(DeepTrainerOptions options, IEnumerable<TorchSharp.Modules.Parameter> parameters) => options.Optimizer switch
    {
        OptimizerKind.Adam => optim.Adam(parameters, options.LearningRate, weight_decay: options.WeightDecay),
        OptimizerKind.AdamW => optim.AdamW(parameters, options.LearningRate, weight_decay: options.WeightDecay),
        OptimizerKind.Sgd => optim.SGD(parameters, options.LearningRate, momentum: options.Momentum, weight_decay: options.WeightDecay, nesterov: options.Nesterov),
        _ => optim.RMSProp(parameters, options.LearningRate, momentum: options.Momentum, weight_decay: options.WeightDecay),
    };

    public override IReadOnlyList<string> Columns { get; }
    public override IReadOnlyList<(string Name, nn.Module Module)> Modules { get; }
    public override IReadOnlyList<(string Name, optim.Optimizer Optimizer)> Optimizers { get; }
    public override bool CountsCorrect => _correct is not null;

    public void Dispose() => _optimizer.Dispose();

    private Tensor Input(TensorBatch batch) => batch[_features].view([batch.Count, .. _inputShape]);

    public override StepResult Train(TensorBatch batch, TrainingStep step)
    {
        Tensor x = Input(batch);
        if (_augmentation is not null) x = ImageAugmenter.Apply(x, _augmentation, step.Generator);
        Tensor y = batch[_label];
        Tensor output = _network.forward(x);
        Tensor loss = _loss(output, y);
        double value = step.CheckLoss(loss);
        step.Update(loss, _optimizer, _network);
        long right = 0;
        if (_correct is not null)
            using (no_grad()) right = _correct(output, y).item<long>();
        return new StepResult(value, right);
    }

    public override StepResult Evaluate(TensorBatch batch)
    {
        Tensor y = batch[_label];
        Tensor output = _network.forward(Input(batch));
        return new StepResult(_loss(output, y).ToDouble(), _correct?.Invoke(output, y).item<long>() ?? 0);
    }
}
