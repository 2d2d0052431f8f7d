using MlNetDeep.Data.Tensors;
using MlNetDeep.Torch;
using MlNetDeep.Torch.Nn;
using MlNetDeep.Torch.Optim;

namespace MlNetDeep.Deep.Training;

/// <summary>
/// What one kind of training does with a batch — the part a supervised network, a GAN (two
/// networks, two optimizers, no label), an autoencoder (its input is its target) or a language
/// model (a sequence target) changes — while <see cref="TrainingLoop"/> keeps everything else:
/// epochs, shuffled prefetched batches, augmentation, learning-rate schedules, NaN/Inf detection,
/// validation, early stopping, checkpoints and resume, callbacks, time budget and cancellation.
/// Keras users know this as overriding <c>train_step</c>/<c>test_step</c>.
/// </summary>
public abstract class TrainingTask
{
    /// <summary>The columns each batch carries (from the training and validation views).</summary>
    public abstract IReadOnlyList<string> Columns { get; }

    /// <summary>The trained modules by name; checkpoints and early-stopping snapshots hold each one's state under <c>name.</c>.</summary>
    public abstract IReadOnlyList<(string Name, Module Module)> Modules { get; }

    /// <summary>The optimizers by name (checkpointed under <c>name.</c>); each gets the options' learning-rate schedule, stepped per batch.</summary>
    public abstract IReadOnlyList<(string Name, Optimizer Optimizer)> Optimizers { get; }

    /// <summary>Whether steps count correct predictions (epochs then log <c>accuracy</c> and <c>val_accuracy</c>).</summary>
    public virtual bool CountsCorrect => false;

    /// <summary>
    /// One training step on <paramref name="batch"/> (modules in training mode): forward passes, and
    /// <see cref="TrainingStep.Update"/> once per optimizer to step. Returns the loss to log.
    /// </summary>
    public abstract StepResult Train(TensorBatch batch, TrainingStep step);

    /// <summary>The loss (and correct count) of a validation batch; modules in evaluation mode, gradients off.</summary>
    public abstract StepResult Evaluate(TensorBatch batch);
}

/// <summary>What a step reports: the loss to log and, for tasks that count them, the correct predictions.</summary>
/// <param name="Loss">Mean loss over the batch.</param>
/// <param name="Correct">Correct predictions in the batch (0 when not counted).</param>
public readonly record struct StepResult(double Loss, long Correct = 0);

/// <summary>The loop's services to one step: checked losses and guarded optimizer updates.</summary>
public sealed class TrainingStep
{
    private readonly double _clipNorm;

    internal TrainingStep(double clipNorm) => _clipNorm = clipNorm;

    /// <summary>1-based epoch of this step.</summary>
    public int Epoch { get; internal set; }

    /// <summary>1-based batch of this step within its epoch.</summary>
    public int Batch { get; internal set; }

    /// <summary>The scalar <paramref name="loss"/> as a double.</summary>
    /// <exception cref="TrainingDivergedException">It is NaN or infinite; <paramref name="what"/> names it.</exception>
    public double CheckLoss(Tensor loss, string what = "the loss")
    {
        ArgumentNullException.ThrowIfNull(loss);
        double v = loss.ToDouble();
        return double.IsFinite(v) ? v : throw new TrainingDivergedException(Epoch, Batch, what);
    }

    /// <summary>
    /// Zeroes <paramref name="optimizer"/>'s gradients, back-propagates <paramref name="loss"/>, clips
    /// the gradients of <paramref name="module"/> to the options' GradientClipNorm (when set), checks
    /// they are finite, and steps the optimizer.
    /// </summary>
    /// <exception cref="TrainingDivergedException">A gradient of <paramref name="module"/> is NaN or infinite; the parameter is named.</exception>
    public void Update(Tensor loss, Optimizer optimizer, Module module)
    {
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(module);
        optimizer.ZeroGrad();
        loss.Backward();
        double norm = GradClip.ClipGradNorm(module.Parameters(), _clipNorm > 0 ? _clipNorm : double.MaxValue);
        if (!double.IsFinite(norm)) throw new TrainingDivergedException(Epoch, Batch, $"the gradient of {FirstNonFinite(module)}");
        optimizer.Step();
    }

    private static string FirstNonFinite(Module module)
    {
        foreach (var (name, p) in module.NamedParameters())
        {
            using var g = p.Grad;
            if (g is null) continue;
            using var finite = g.IsFinite();
            using var all = finite.All();
            if (!all.ToBoolean()) return $"parameter '{name}'";
        }
        return "a parameter";
    }
}

/// <summary>
/// The supervised task of the catalog trainers: a network maps the feature column (reshaped to
/// the network's input) to an output, a loss compares it with the label column.
/// </summary>
internal sealed class SupervisedTask : TrainingTask, IDisposable
{
    private readonly Sequential _net;
    private readonly NetworkSetup? _setup;
    private int _epoch;
    private readonly Optimizer _optimizer;
    private readonly long[] _inputShape;
    private readonly string _features, _label;
    private readonly Func<Tensor, Tensor, Tensor> _loss;
    private readonly Func<Tensor, Tensor, long>? _correct;

    public SupervisedTask(Sequential net, int[] inputShape, DeepTrainerOptions options,
        Func<Tensor, Tensor, Tensor> loss, Func<Tensor, Tensor, long>? correct, NetworkSetup? setup = null)
    {
        (_net, _loss, _correct, _setup) = (net, loss, correct, setup);
        _inputShape = inputShape.Select(d => (long)d).ToArray();
        (_features, _label) = (options.FeatureColumnName, options.LabelColumnName);
        _optimizer = CreateOptimizer(options, setup?.Groups(net, options) ?? [new ParamGroup(net.Parameters())]);
        Columns = [_features, _label];
        Modules = [("model", net)];
        Optimizers = [("optim", _optimizer)];
    }

    /// <summary>The optimizer the options name, over parameter <paramref name="groups"/>.</summary>
    internal static Optimizer CreateOptimizer(DeepTrainerOptions options, IEnumerable<ParamGroup> groups) => options.Optimizer switch
    {
        OptimizerKind.Adam => new Adam(groups, options.LearningRate, weightDecay: options.WeightDecay),
        OptimizerKind.AdamW => new AdamW(groups, options.LearningRate, weightDecay: options.WeightDecay),
        OptimizerKind.Sgd => new Sgd(groups, options.LearningRate, momentum: options.Momentum, weightDecay: options.WeightDecay),
        _ => new RmsProp(groups, options.LearningRate, momentum: options.Momentum, weightDecay: options.WeightDecay),
    };

    public override IReadOnlyList<string> Columns { get; }
    public override IReadOnlyList<(string Name, Module Module)> Modules { get; }
    public override IReadOnlyList<(string Name, Optimizer Optimizer)> Optimizers { get; }
    public override bool CountsCorrect => _correct is not null;

    public void Dispose() => _optimizer.Dispose();

    private Tensor Forward(TensorBatch batch) => _net.Forward(batch[_features].View([batch.Count, .. _inputShape]));

    public override StepResult Train(TensorBatch batch, TrainingStep step)
    {
        if (_setup is not null && step.Epoch != _epoch) _setup.BeginEpoch(_net, _epoch = step.Epoch);
        Tensor y = batch[_label];
        Tensor output = Forward(batch);
        Tensor l = _setup is null ? _loss(output, y) : _setup.Loss(batch[_features], output, y, _loss);
        double lv = step.CheckLoss(l);
        step.Update(l, _optimizer, _net);
        long right = 0;
        if (_correct is not null)
            using (Engine.NoGrad()) right = _correct(output, y);
        return new StepResult(lv, right);
    }

    public override StepResult Evaluate(TensorBatch batch)
    {
        Tensor y = batch[_label];
        Tensor output = Forward(batch);
        return new StepResult(_loss(output, y).ToDouble(), _correct?.Invoke(output, y) ?? 0);
    }
}

/// <summary>
/// What a supervised trainer does to its network beyond building it from a spec (fine-tuning:
/// start from trained weights, replace the head, freeze, group parameters by learning rate).
/// </summary>
internal abstract class NetworkSetup
{
    /// <summary>The network for features shaped <paramref name="featureShape"/> and <paramref name="outputs"/> outputs (<paramref name="requested"/>: the options' network, if any).</summary>
    internal abstract Networks.NetworkSpec Spec(int[] featureShape, int outputs, string labelColumn, Networks.NetworkSpec? requested);

    /// <summary>Prepares the freshly built network (e.g. copies trained weights in).</summary>
    internal abstract void Initialize(Sequential net);

    /// <summary>The optimizer's parameter groups.</summary>
    internal abstract IEnumerable<ParamGroup> Groups(Sequential net, DeepTrainerOptions options);

    /// <summary>Called before the first step of each epoch (1-based), also after a resume.</summary>
    internal abstract void BeginEpoch(Sequential net, int epoch);

    /// <summary>The training loss of a batch (<paramref name="hard"/>: the task's own loss of outputs and labels); validation keeps the task's loss.</summary>
    internal virtual Tensor Loss(Tensor input, Tensor output, Tensor label, Func<Tensor, Tensor, Tensor> hard) => hard(output, label);
}
