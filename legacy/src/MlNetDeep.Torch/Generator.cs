using MlNetDeep.Torch.Native;

namespace MlNetDeep.Torch;

/// <summary>
/// An independent, seeded random number generator (a libtorch CPU generator). Pass it to
/// random factories and initializers to keep a component's randomness apart from the rest
/// of the process. Its state can be saved and restored (for resumable training).
/// </summary>
public sealed class Generator : IDisposable
{
    private readonly GeneratorHandle _handle;

    /// <summary>Creates a generator seeded with <paramref name="seed"/>.</summary>
    public Generator(long seed)
    {
        StatusCheck.Check(NativeMethods.mnd_generator_new(seed, out IntPtr g));
        _handle = new GeneratorHandle(g);
    }

    internal GeneratorHandle Handle
    {
        get
        {
            ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
            return _handle;
        }
    }

    /// <summary>The generator's full state as a 1-d UInt8 tensor.</summary>
    public Tensor GetState() => Tensor.From(NativeMethods.mnd_generator_get_state(Handle, out IntPtr r), r);

    /// <summary>Restores a state returned by <see cref="GetState"/>.</summary>
    public void SetState(Tensor state)
    {
        ArgumentNullException.ThrowIfNull(state);
        StatusCheck.Check(NativeMethods.mnd_generator_set_state(Handle, state.Handle));
    }

    /// <summary>The global generator's state (what <see cref="Engine.ManualSeed"/> seeds).</summary>
    public static Tensor GetGlobalState() => Tensor.From(NativeMethods.mnd_generator_get_state(GeneratorHandle.Null, out IntPtr r), r);

    /// <summary>Restores the global generator's state.</summary>
    public static void SetGlobalState(Tensor state)
    {
        ArgumentNullException.ThrowIfNull(state);
        StatusCheck.Check(NativeMethods.mnd_generator_set_state(GeneratorHandle.Null, state.Handle));
    }

    /// <summary>Releases the native generator.</summary>
    public void Dispose() => _handle.Dispose();
}
