using MlNetDeep.Torch.Native;

namespace MlNetDeep.Torch;

// dtype and device conversions.
public sealed partial class Tensor
{
    private Tensor ToCore(int dtype, Device? device, bool copy)
    {
        Device dev = device?.Resolve() ?? default;
        int devType = device is null ? -1 : (int)dev.Type;
        return From(NativeMethods.mnd_to(Handle, dtype, devType, dev.Index, copy ? 1 : 0, out IntPtr r), r);
    }

    /// <summary>This tensor converted to <paramref name="dtype"/> (a new handle to the same tensor when already so).</summary>
    public Tensor To(DType dtype, bool copy = false) => ToCore((int)dtype, null, copy);

    /// <summary>This tensor on <paramref name="device"/> (see <see cref="Device.Resolve"/> for unavailable devices).</summary>
    public Tensor To(Device device, bool copy = false) => ToCore(-1, device, copy);

    /// <summary>This tensor converted to <paramref name="dtype"/> on <paramref name="device"/>.</summary>
    public Tensor To(DType dtype, Device device, bool copy = false) => ToCore((int)dtype, device, copy);

    /// <summary>This tensor on the CPU.</summary>
    public Tensor Cpu() => To(Device.Cpu);

    /// <summary>A second handle to the same tensor (same storage, same autograd identity).</summary>
    public Tensor Alias() => From(NativeMethods.mnd_alias(Handle, out IntPtr r), r);
}
