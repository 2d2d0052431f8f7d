using MlNetDeep.Torch.Native;

namespace MlNetDeep.Torch;

/// <summary>Functional autograd (PyTorch's torch.autograd.grad).</summary>
public static class Autograd
{
    /// <summary>
    /// Gradients of <paramref name="outputs"/> with respect to <paramref name="inputs"/>, returned
    /// rather than accumulated into <see cref="Tensor.Grad"/>. Non-scalar outputs need
    /// <paramref name="gradOutputs"/>. With <paramref name="createGraph"/> the results are
    /// differentiable again (gradient penalties, higher derivatives). An input the outputs
    /// do not depend on gives null when <paramref name="allowUnused"/>, else an error.
    /// </summary>
    public static unsafe Tensor?[] Grad(IReadOnlyList<Tensor> outputs, IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor>? gradOutputs = null,
        bool? retainGraph = null, bool createGraph = false, bool allowUnused = false)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentNullException.ThrowIfNull(inputs);
        if (gradOutputs is not null && gradOutputs.Count != outputs.Count)
            throw new ArgumentException($"gradOutputs has {gradOutputs.Count} tensors for {outputs.Count} outputs.", nameof(gradOutputs));
        using var o = new HandleList(outputs);
        using var i = new HandleList(inputs);
        using var go = new HandleList(gradOutputs ?? []);
        var result = new IntPtr[Math.Max(inputs.Count, 1)];
        fixed (IntPtr* op = o.Pointers)
        fixed (IntPtr* ip = i.Pointers)
        fixed (IntPtr* gp = go.Pointers)
        fixed (IntPtr* rp = result)
        {
            int retain = retainGraph is null ? -1 : retainGraph.Value ? 1 : 0;
            StatusCheck.Check(NativeMethods.mnd_autograd_grad(op, outputs.Count, ip, inputs.Count, gradOutputs is null ? null : gp,
                retain, createGraph ? 1 : 0, allowUnused ? 1 : 0, rp));
        }
        var grads = new Tensor?[inputs.Count];
        for (int k = 0; k < grads.Length; k++) grads[k] = result[k] == IntPtr.Zero ? null : new Tensor(result[k]);
        return grads;
    }
}
