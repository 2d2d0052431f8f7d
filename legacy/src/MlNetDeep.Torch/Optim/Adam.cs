using MlNetDeep.Torch.Native;

namespace MlNetDeep.Torch.Optim;

/// <summary>
/// Adam (Kingma and Ba, 2015) with optional AMSGrad, as PyTorch's torch.optim.Adam. Weight
/// decay is added to the gradient (L2); for decoupled decay use <see cref="AdamW"/>.
/// </summary>
public class Adam : Optimizer
{
    private readonly bool _decoupled;

    /// <summary>Creates the optimizer over one group of parameters.</summary>
    public Adam(IEnumerable<Tensor> parameters, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8,
        double weightDecay = 0, bool amsgrad = false, bool maximize = false)
        : this(Single(parameters), learningRate, beta1, beta2, eps, weightDecay, amsgrad, maximize) { }

    /// <summary>Creates the optimizer over parameter groups.</summary>
    public Adam(IEnumerable<ParamGroup> groups, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8,
        double weightDecay = 0, bool amsgrad = false, bool maximize = false)
        : this(groups, learningRate, beta1, beta2, eps, weightDecay, amsgrad, maximize, decoupled: false) { }

    private protected Adam(IEnumerable<ParamGroup> groups, double learningRate, double beta1, double beta2, double eps, double weightDecay,
        bool amsgrad, bool maximize, bool decoupled)
        : base(groups, learningRate, weightDecay)
    {
        if (beta1 is < 0 or >= 1 || double.IsNaN(beta1)) throw new ArgumentOutOfRangeException(nameof(beta1), beta1, "beta1 must be in [0, 1).");
        if (beta2 is < 0 or >= 1 || double.IsNaN(beta2)) throw new ArgumentOutOfRangeException(nameof(beta2), beta2, "beta2 must be in [0, 1).");
        if (!(eps >= 0)) throw new ArgumentOutOfRangeException(nameof(eps), eps, "eps must be >= 0.");
        (Beta1, Beta2, Eps, AmsGrad, Maximize, _decoupled) = (beta1, beta2, eps, amsgrad, maximize, decoupled);
    }

    /// <summary>Decay of the first-moment estimate.</summary>
    public double Beta1 { get; }
    /// <summary>Decay of the second-moment estimate.</summary>
    public double Beta2 { get; }
    /// <summary>Added to the denominator for stability.</summary>
    public double Eps { get; }
    /// <summary>Whether the AMSGrad variant (max of second moments) is used.</summary>
    public bool AmsGrad { get; }
    /// <summary>Whether the objective is maximized.</summary>
    public bool Maximize { get; }

    private protected override unsafe void StepGroup(ParamGroup group, int offset)
    {
        using var ps = new HandleList(group.Parameters);
        using var m = new HandleList(State("exp_avg", group, offset));
        using var v = new HandleList(State("exp_avg_sq", group, offset));
        using var vmax = new HandleList(AmsGrad ? State("max_exp_avg_sq", group, offset) : []);
        fixed (IntPtr* p = ps.Pointers)
        fixed (IntPtr* mp = m.Pointers)
        fixed (IntPtr* vp = v.Pointers)
        fixed (IntPtr* xp = vmax.Pointers)
        fixed (long* s = group.Steps)
            StatusCheck.Check(NativeMethods.mnd_adam_step(p, mp, vp, AmsGrad ? xp : null, s, group.Parameters.Count, group.LearningRate,
                Beta1, Beta2, Eps, group.WeightDecay, _decoupled ? 1 : 0, AmsGrad ? 1 : 0, Maximize ? 1 : 0));
    }
}
