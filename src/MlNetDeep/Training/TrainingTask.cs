using MlNetDeep.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace MlNetDeep.Training;

/// <summary>
/// What one kind of training does with a batch — the part a supervised network, a GAN (two
/// networks, two optimizers, no label), an autoencoder (its input is its target) or a language
/// model changes — while <see cref="TrainingLoop"/> keeps everything else: epochs, shuffled
/// batches, learning-rate schedules, NaN/Inf detection, validation, early stopping, checkpoints
/// and resume, callbacks, time budget and cancellation. Keras users know this as overriding
/// <c>train_step</c> and <c>test_step</c>.
/// </summary>
public abstract class TrainingTask
{
    /// <summary>The columns each batch carries (from the training and validation views).</summary>
    public abstract IReadOnlyList<string> Columns { get; }

    /// <summary>The trained modules by name; checkpoints and early-stopping snapshots hold each one's state.</summary>
    public abstract IReadOnlyList<(string Name, nn.Module Module)> Modules { get; }

    /// <summary>The optimizers by name (checkpointed); each gets the options' learning-rate schedule.</summary>
    public abstract IReadOnlyList<(string Name, optim.Optimizer Optimizer)> Optimizers { get; }

    /// <summary>Whether steps count correct predictions (epochs then log <c>accuracy</c> and <c>val_accuracy</c>).</summary>
    public virtual bool CountsCorrect => false;

    /// <summary>
    /// One training step on <paramref name="batch"/> (already on the training device; modules in
    /// training mode): forward passes, and <see cref="TrainingStep.Update"/> once per optimizer.
    /// Runs inside a dispose scope. Returns the loss to log.
    /// </summary>
    public abstract StepResult Train(TensorBatch batch, TrainingStep step);

    /// <summary>The loss (and correct count) of a validation batch; modules in evaluation mode, gradients off.</summary>
    public abstract StepResult Evaluate(TensorBatch batch);
}

/// <summary>What a step reports: the loss to log and, for tasks that count them, the correct predictions.</summary>
/// <param name="Loss">Mean loss over the batch.</param>
/// <param name="Correct">Correct predictions in the batch (0 when not counted).</param>
public readonly record struct StepResult(double Loss, long Correct = 0);

/// <summary>The loop's services to one step: checked losses, guarded optimizer updates, and the step's generator.</summary>
public sealed class TrainingStep
{
    private readonly double _clipNorm;

    internal TrainingStep(double clipNorm, Generator generator) => (_clipNorm, Generator) = (clipNorm, generator);

    /// <summary>1-based epoch of this step.</summary>
    public int Epoch { get; internal set; }

    /// <summary>1-based batch of this step within its epoch.</summary>
    public int Batch { get; internal set; }

    /// <summary>The generator for this step's own draws (augmentation); reseeded from the run's seed every epoch.</summary>
    public Generator Generator { get; }

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
    /// the gradients of <paramref name="module"/> to GradientClipNorm (when set; a non-finite norm
    /// stops training naming the parameter), and steps the optimizer.
    /// </summary>
    /// <exception cref="TrainingDivergedException">A gradient is NaN or infinite.</exception>
    public void Update(Tensor loss, optim.Optimizer optimizer, nn.Module module)
    {
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(module);
        optimizer.zero_grad();
        loss.backward();
        if (_clipNorm > 0)
        {
            double norm = nn.utils.clip_grad_norm_(module.parameters(), _clipNorm);
            if (!double.IsFinite(norm)) throw new TrainingDivergedException(Epoch, Batch, $"the gradient of {FirstNonFinite(module)}");
        }
        optimizer.step();
    }

    private static string FirstNonFinite(nn.Module module)
    {
        using var scope = NewDisposeScope();
        foreach (var (name, p) in module.named_parameters())
            if (p.grad is { } g && !g.isfinite().all().item<bool>()) return $"parameter '{name}'";
        return "a parameter";
    }
}
