using System.Runtime.InteropServices;

namespace MlNetDeep.Torch.Native;

/// <summary>Owns one native tensor handle (a heap-allocated at::Tensor).</summary>
internal sealed class TensorHandle : SafeHandle
{
    /// <summary>A handle that stands for "no tensor" in optional native arguments.</summary>
    internal static readonly TensorHandle Null = new(IntPtr.Zero);

    internal TensorHandle(IntPtr handle) : base(IntPtr.Zero, ownsHandle: true) => SetHandle(handle);

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        NativeMethods.mnd_tensor_free(handle);
        return true;
    }
}

/// <summary>Owns one native generator (a heap-allocated at::Generator).</summary>
internal sealed class GeneratorHandle : SafeHandle
{
    internal static readonly GeneratorHandle Null = new(IntPtr.Zero);

    internal GeneratorHandle(IntPtr handle) : base(IntPtr.Zero, ownsHandle: true) => SetHandle(handle);

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        NativeMethods.mnd_generator_free(handle);
        return true;
    }
}
