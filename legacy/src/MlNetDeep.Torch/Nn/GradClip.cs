using MlNetDeep.Torch.Native;

namespace MlNetDeep.Torch.Nn;

/// <summary>Gradient clipping (PyTorch's torch.nn.utils.clip_grad_norm_ and clip_grad_value_).</summary>
public static class GradClip
{
    /// <summary>
    /// Scales the gradients of <paramref name="parameters"/> in place so their joint
    /// <paramref name="normType"/>-norm is at most <paramref name="maxNorm"/>. Returns the
    /// norm before clipping. Parameters without a gradient are skipped.
    /// </summary>
    /// <exception cref="TorchValueException">The norm is NaN or infinite and <paramref name="errorIfNonfinite"/> is set.</exception>
    public static unsafe double ClipGradNorm(IEnumerable<Tensor> parameters, double maxNorm, double normType = 2, bool errorIfNonfinite = false)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!(maxNorm > 0)) throw new ArgumentOutOfRangeException(nameof(maxNorm), maxNorm, "Max norm must be > 0.");
        if (!(normType > 0)) throw new ArgumentOutOfRangeException(nameof(normType), normType, "Norm type must be > 0 (or +infinity).");
        var list = parameters.ToList();
        using var hl = new HandleList(list);
        fixed (IntPtr* p = hl.Pointers)
        {
            StatusCheck.Check(NativeMethods.mnd_clip_grad_norm(p, list.Count, maxNorm, normType, errorIfNonfinite ? 1 : 0, out double total));
            return total;
        }
    }

    /// <summary>Clamps every gradient element of <paramref name="parameters"/> into [-clipValue, clipValue].</summary>
    public static unsafe void ClipGradValue(IEnumerable<Tensor> parameters, double clipValue)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!(clipValue > 0)) throw new ArgumentOutOfRangeException(nameof(clipValue), clipValue, "Clip value must be > 0.");
        var list = parameters.ToList();
        using var hl = new HandleList(list);
        fixed (IntPtr* p = hl.Pointers)
            StatusCheck.Check(NativeMethods.mnd_clip_grad_value(p, list.Count, clipValue));
    }
}
