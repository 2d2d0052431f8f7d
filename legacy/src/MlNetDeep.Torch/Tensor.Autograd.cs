using MlNetDeep.Torch.Native;

namespace MlNetDeep.Torch;

// Autograd: gradient tracking, backward, gradients, detaching, scope membership.
public sealed partial class Tensor
{
    /// <summary>Whether operations on this tensor are recorded for differentiation.</summary>
    /// <exception cref="TorchException">Set to true on a non-floating tensor or a non-leaf.</exception>
    public bool RequiresGrad
    {
        get => Info().requiresGrad;
        set => StatusCheck.Check(NativeMethods.mnd_set_requires_grad(Handle, value ? 1 : 0));
    }

    /// <summary>Sets <see cref="RequiresGrad"/> and returns this tensor (for chaining).</summary>
    public Tensor RequiresGrad_(bool value = true)
    {
        RequiresGrad = value;
        return this;
    }

    /// <summary>True for tensors created by the user rather than by a recorded operation.</summary>
    public bool IsLeaf
    {
        get
        {
            StatusCheck.Check(NativeMethods.mnd_autograd_flag(0, Handle, out int r));
            return r != 0;
        }
    }

    /// <summary>
    /// Computes gradients of this tensor with respect to every leaf that requires them and
    /// accumulates them into their <see cref="Grad"/>. A non-scalar tensor needs <paramref name="gradient"/>.
    /// </summary>
    public void Backward(Tensor? gradient = null, bool? retainGraph = null, bool createGraph = false) =>
        StatusCheck.Check(NativeMethods.mnd_backward(Handle, gradient?.Handle ?? TensorHandle.Null,
            retainGraph is null ? -1 : retainGraph.Value ? 1 : 0, createGraph ? 1 : 0));

    /// <summary>
    /// The accumulated gradient (a new handle each call: dispose it, or let a scope do so),
    /// or null when none has been computed. Setting replaces it (null clears).
    /// </summary>
    public Tensor? Grad
    {
        get
        {
            StatusCheck.Check(NativeMethods.mnd_grad(Handle, out IntPtr r));
            return r == IntPtr.Zero ? null : new Tensor(r);
        }
        set => StatusCheck.Check(NativeMethods.mnd_set_grad(Handle, value?.Handle ?? TensorHandle.Null));
    }

    /// <summary>The same data without autograd history (shares storage).</summary>
    public Tensor Detach() => From(NativeMethods.mnd_detach(0, Handle, out IntPtr r), r);

    /// <summary>Removes this tensor from autograd history in place.</summary>
    public Tensor Detach_()
    {
        StatusCheck.Check(NativeMethods.mnd_detach(1, Handle, out _));
        return this;
    }

    /// <summary>
    /// Replaces this tensor's data (shape, dtype, device and values) with <paramref name="source"/>'s,
    /// keeping its identity as a leaf and its requires-grad flag (PyTorch's <c>t.data = source</c>).
    /// </summary>
    public void SetData(Tensor source)
    {
        ArgumentNullException.ThrowIfNull(source);
        StatusCheck.Check(NativeMethods.mnd_set_data(Handle, source.Handle));
    }

    /// <summary>
    /// Takes this tensor out of its <see cref="DisposeScope"/> and hands it to the scope
    /// enclosing that one (or to nobody, when there is none). Returns this tensor.
    /// </summary>
    public Tensor MoveToOuterScope()
    {
        DisposeScope? outer = Scope?.Outer;
        Scope = null;
        outer?.Attach(this);
        return this;
    }

    /// <summary>Takes this tensor out of any <see cref="DisposeScope"/>: the caller now owns it.</summary>
    public Tensor DetachFromDisposeScope()
    {
        Scope = null;
        return this;
    }
}
