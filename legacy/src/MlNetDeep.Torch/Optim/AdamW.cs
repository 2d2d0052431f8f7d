namespace MlNetDeep.Torch.Optim;

/// <summary>
/// Adam with decoupled weight decay (Loshchilov and Hutter, 2019), as PyTorch's
/// torch.optim.AdamW: parameters shrink by lr * weightDecay each step, apart from the
/// gradient statistics. Default weight decay 0.01.
/// </summary>
public sealed class AdamW : Adam
{
    /// <summary>Creates the optimizer over one group of parameters.</summary>
    public AdamW(IEnumerable<Tensor> parameters, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8,
        double weightDecay = 0.01, bool amsgrad = false, bool maximize = false)
        : base(Single(parameters), learningRate, beta1, beta2, eps, weightDecay, amsgrad, maximize, decoupled: true) { }

    /// <summary>Creates the optimizer over parameter groups.</summary>
    public AdamW(IEnumerable<ParamGroup> groups, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8,
        double weightDecay = 0.01, bool amsgrad = false, bool maximize = false)
        : base(groups, learningRate, beta1, beta2, eps, weightDecay, amsgrad, maximize, decoupled: true) { }
}
