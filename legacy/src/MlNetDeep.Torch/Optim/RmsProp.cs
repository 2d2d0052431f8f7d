using MlNetDeep.Torch.Native;

namespace MlNetDeep.Torch.Optim;

/// <summary>RMSprop (Hinton's lecture 6e) with optional centering and momentum, as PyTorch's torch.optim.RMSprop.</summary>
public sealed class RmsProp : Optimizer
{
    /// <summary>Creates the optimizer over one group of parameters.</summary>
    public RmsProp(IEnumerable<Tensor> parameters, double learningRate = 1e-2, double alpha = 0.99, double eps = 1e-8, double weightDecay = 0,
        double momentum = 0, bool centered = false, bool maximize = false)
        : this(Single(parameters), learningRate, alpha, eps, weightDecay, momentum, centered, maximize) { }

    /// <summary>Creates the optimizer over parameter groups.</summary>
    public RmsProp(IEnumerable<ParamGroup> groups, double learningRate = 1e-2, double alpha = 0.99, double eps = 1e-8, double weightDecay = 0,
        double momentum = 0, bool centered = false, bool maximize = false)
        : base(groups, learningRate, weightDecay)
    {
        if (alpha is < 0 or > 1 || double.IsNaN(alpha)) throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "alpha must be in [0, 1].");
        if (!(eps >= 0)) throw new ArgumentOutOfRangeException(nameof(eps), eps, "eps must be >= 0.");
        if (!(momentum >= 0)) throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "Momentum must be >= 0.");
        (Alpha, Eps, Momentum, Centered, Maximize) = (alpha, eps, momentum, centered, maximize);
    }

    /// <summary>Smoothing constant of the squared-gradient average.</summary>
    public double Alpha { get; }
    /// <summary>Added to the denominator for stability.</summary>
    public double Eps { get; }
    /// <summary>Momentum factor.</summary>
    public double Momentum { get; }
    /// <summary>Whether the gradient variance (not the raw second moment) normalizes the step.</summary>
    public bool Centered { get; }
    /// <summary>Whether the objective is maximized.</summary>
    public bool Maximize { get; }

    private protected override unsafe void StepGroup(ParamGroup group, int offset)
    {
        using var ps = new HandleList(group.Parameters);
        using var sq = new HandleList(State("square_avg", group, offset));
        using var ga = new HandleList(Centered ? State("grad_avg", group, offset) : []);
        using var bufs = new HandleList(Momentum > 0 ? State("momentum_buffer", group, offset) : []);
        fixed (IntPtr* p = ps.Pointers)
        fixed (IntPtr* sp = sq.Pointers)
        fixed (IntPtr* gp = ga.Pointers)
        fixed (IntPtr* bp = bufs.Pointers)
        fixed (long* s = group.Steps)
            StatusCheck.Check(NativeMethods.mnd_rmsprop_step(p, sp, Centered ? gp : null, Momentum > 0 ? bp : null, s, group.Parameters.Count,
                group.LearningRate, Alpha, Eps, group.WeightDecay, Momentum, Centered ? 1 : 0, Maximize ? 1 : 0));
    }
}
