using MlNetDeep.Torch.Native;

namespace MlNetDeep.Torch.Nn;

// Loss functions. Inputs are [N, C] (or [N, C, d1, ...]) scores and targets as in PyTorch.
public static partial class Functional
{
    private static Tensor Loss(int kind, Tensor input, Tensor target, Tensor? weight, Tensor? posWeight, Reduction reduction,
        long ignoreIndex = -100, double labelSmoothing = 0, double beta = 1, bool flag = false)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(target);
        return Tensor.From(NativeMethods.mnd_loss(kind, input.Handle, target.Handle, Opt(weight), Opt(posWeight), (int)reduction,
            ignoreIndex, labelSmoothing, beta, flag ? 1 : 0, out IntPtr r), r);
    }

    /// <summary>
    /// Cross-entropy between logits [N, C] and Int64 class targets [N] (or class
    /// probabilities [N, C]). <paramref name="weight"/> [C] rescales classes; targets equal to
    /// <paramref name="ignoreIndex"/> are skipped; <paramref name="labelSmoothing"/> in [0, 1]
    /// mixes the target with the uniform distribution.
    /// </summary>
    public static Tensor CrossEntropy(Tensor input, Tensor target, Tensor? weight = null, long ignoreIndex = -100,
        double labelSmoothing = 0, Reduction reduction = Reduction.Mean)
    {
        if (labelSmoothing is < 0 or > 1 || double.IsNaN(labelSmoothing))
            throw new ArgumentOutOfRangeException(nameof(labelSmoothing), labelSmoothing, "Label smoothing must be in [0, 1].");
        return Loss(0, input, target, weight, null, reduction, ignoreIndex, labelSmoothing);
    }

    /// <summary>Negative log-likelihood of log-probabilities [N, C] at Int64 targets [N].</summary>
    public static Tensor NllLoss(Tensor input, Tensor target, Tensor? weight = null, long ignoreIndex = -100, Reduction reduction = Reduction.Mean) =>
        Loss(1, input, target, weight, null, reduction, ignoreIndex);

    /// <summary>Mean squared error.</summary>
    public static Tensor MseLoss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean) => Loss(2, input, target, null, null, reduction);

    /// <summary>Mean absolute error.</summary>
    public static Tensor L1Loss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean) => Loss(3, input, target, null, null, reduction);

    /// <summary>Quadratic below <paramref name="beta"/>, linear above (scaled by 1/beta).</summary>
    public static Tensor SmoothL1Loss(Tensor input, Tensor target, double beta = 1.0, Reduction reduction = Reduction.Mean)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(beta);
        return Loss(4, input, target, null, null, reduction, beta: beta);
    }

    /// <summary>Huber loss: quadratic below <paramref name="delta"/>, linear above.</summary>
    public static Tensor HuberLoss(Tensor input, Tensor target, double delta = 1.0, Reduction reduction = Reduction.Mean)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(delta);
        return Loss(8, input, target, null, null, reduction, beta: delta);
    }

    /// <summary>
    /// Binary cross-entropy on logits (sigmoid folded in, numerically stable). <paramref name="posWeight"/>
    /// [C] weights positive examples per class (for imbalanced multi-label data).
    /// </summary>
    public static Tensor BinaryCrossEntropyWithLogits(Tensor input, Tensor target, Tensor? weight = null, Tensor? posWeight = null,
        Reduction reduction = Reduction.Mean) => Loss(5, input, target, weight, posWeight, reduction);

    /// <summary>Binary cross-entropy on probabilities in [0, 1].</summary>
    public static Tensor BinaryCrossEntropy(Tensor input, Tensor target, Tensor? weight = null, Reduction reduction = Reduction.Mean) =>
        Loss(7, input, target, weight, null, reduction);

    /// <summary>
    /// Kullback-Leibler divergence KL(target || input) where <paramref name="input"/> holds
    /// log-probabilities and <paramref name="target"/> probabilities (log-probabilities when
    /// <paramref name="logTarget"/>). Mean reduction averages over all elements, as PyTorch does.
    /// </summary>
    public static Tensor KlDiv(Tensor input, Tensor target, bool logTarget = false, Reduction reduction = Reduction.Mean) =>
        Loss(6, input, target, null, null, reduction, flag: logTarget);
}
