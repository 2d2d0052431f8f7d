using MlNetDeep.Torch.Native;

namespace MlNetDeep.Torch.Optim;

/// <summary>Stochastic gradient descent with optional momentum (heavy-ball or Nesterov) and weight decay, as PyTorch's torch.optim.SGD.</summary>
public sealed class Sgd : Optimizer
{
    /// <summary>Creates the optimizer over one group of parameters.</summary>
    public Sgd(IEnumerable<Tensor> parameters, double learningRate, double momentum = 0, double dampening = 0, double weightDecay = 0,
        bool nesterov = false, bool maximize = false)
        : this(Single(parameters), learningRate, momentum, dampening, weightDecay, nesterov, maximize) { }

    /// <summary>Creates the optimizer over parameter groups.</summary>
    public Sgd(IEnumerable<ParamGroup> groups, double learningRate, double momentum = 0, double dampening = 0, double weightDecay = 0,
        bool nesterov = false, bool maximize = false)
        : base(groups, learningRate, weightDecay)
    {
        if (!(momentum >= 0)) throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "Momentum must be >= 0.");
        if (nesterov && (momentum <= 0 || dampening != 0))
            throw new ArgumentException($"Nesterov momentum needs momentum > 0 and dampening = 0. Received: momentum {momentum}, dampening {dampening}.");
        (Momentum, Dampening, Nesterov, Maximize) = (momentum, dampening, nesterov, maximize);
    }

    /// <summary>Momentum factor (0: plain SGD).</summary>
    public double Momentum { get; }
    /// <summary>Dampening of the momentum.</summary>
    public double Dampening { get; }
    /// <summary>Whether Nesterov momentum is used.</summary>
    public bool Nesterov { get; }
    /// <summary>Whether the objective is maximized.</summary>
    public bool Maximize { get; }

    private protected override unsafe void StepGroup(ParamGroup group, int offset)
    {
        using var ps = new HandleList(group.Parameters);
        using var bufs = new HandleList(Momentum != 0 ? State("momentum_buffer", group, offset) : []);
        fixed (IntPtr* p = ps.Pointers)
        fixed (IntPtr* b = bufs.Pointers)
        fixed (long* s = group.Steps)
            StatusCheck.Check(NativeMethods.mnd_sgd_step(p, Momentum != 0 ? b : null, s, group.Parameters.Count, group.LearningRate, Momentum,
                Dampening, group.WeightDecay, Nesterov ? 1 : 0, Maximize ? 1 : 0));
    }
}
