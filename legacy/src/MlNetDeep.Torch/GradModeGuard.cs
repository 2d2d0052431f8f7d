using MlNetDeep.Torch.Native;

namespace MlNetDeep.Torch;

/// <summary>Restores the previous grad mode of its thread when disposed.</summary>
public readonly struct GradModeGuard : IDisposable
{
    private readonly int _previous;

    internal GradModeGuard(bool enabled) =>
        StatusCheck.Check(NativeMethods.mnd_set_grad_enabled(enabled ? 1 : 0, out _previous));

    /// <summary>Restores the grad mode that was in force when the guard was created.</summary>
    public void Dispose() => NativeMethods.mnd_set_grad_enabled(_previous, out _);
}
