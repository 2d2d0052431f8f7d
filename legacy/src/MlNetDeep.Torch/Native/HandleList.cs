using MlNetDeep.Torch.Native;

namespace MlNetDeep.Torch;

/// <summary>
/// Pins the native handles of a list of tensors for one native call: each handle is
/// add-ref'ed so that neither a finalizer nor a Dispose on another thread frees it while
/// native code reads it. Dispose releases them.
/// </summary>
internal ref struct HandleList
{
    private readonly IntPtr[] _pointers;
    private readonly TensorHandle?[] _handles;
    private int _count;

    internal HandleList(IReadOnlyList<Tensor?> tensors, bool allowNull = false)
    {
        _pointers = new IntPtr[Math.Max(tensors.Count, 1)];
        _handles = new TensorHandle?[tensors.Count];
        _count = 0;
        try
        {
            for (int i = 0; i < tensors.Count; i++)
            {
                Tensor? t = tensors[i];
                if (t is null)
                {
                    if (!allowNull) throw new ArgumentNullException(nameof(tensors), $"Tensor list entry {i} is null.");
                    _handles[i] = null;
                    _pointers[i] = IntPtr.Zero;
                    _count++;
                    continue;
                }
                TensorHandle h = t.Handle;
                bool added = false;
                h.DangerousAddRef(ref added);
                _handles[i] = h;
                _pointers[i] = h.DangerousGetHandle();
                _count++;
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The raw handles; valid until Dispose.</summary>
    internal readonly IntPtr[] Pointers => _pointers;

    public void Dispose()
    {
        for (int i = 0; i < _count; i++) _handles[i]?.DangerousRelease();
        _count = 0;
    }
}
