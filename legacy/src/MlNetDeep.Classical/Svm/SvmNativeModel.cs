using System.Runtime.InteropServices;

namespace MlNetDeep.Classical.Svm;

/// <summary>
/// A libsvm model built in native memory from checked <see cref="SvmParts"/> (never from a libsvm
/// model file), owning every block it allocates. Support vectors keep only their non-zero
/// values, as the training rows did. Prediction is re-entrant: libsvm only reads the model.
/// </summary>
internal sealed unsafe class SvmNativeModel : SafeHandle
{
    private readonly List<IntPtr> _blocks = [];
    private readonly int _features;

    public SvmNativeModel(SvmParts parts, int features) : base(IntPtr.Zero, ownsHandle: true)
    {
        _features = features;
        Parts = parts;
        try
        {
            var m = Alloc<SvmNative.Model>(1);
            *m = default;
            m->Param.SvmType = parts.SvmType;
            m->Param.KernelType = parts.KernelType;
            m->Param.Degree = parts.Degree;
            m->Param.Gamma = parts.Gamma;
            m->Param.Coef0 = parts.Coef0;
            m->Param.Probability = parts.ProbA is null ? 0 : 1;
            m->NrClass = parts.NrClass;
            m->L = parts.SupportVectorCount;
            int l = parts.SupportVectorCount;
            long nonZero = 0;
            foreach (float v in parts.SupportVectors) if (v != 0) nonZero++;
            var nodes = Alloc<SvmNative.Node>(checked(nonZero + l + 1));
            m->SV = (SvmNative.Node**)Alloc<IntPtr>(l + 1);
            long at = 0;
            for (int i = 0; i < l; i++)
            {
                m->SV[i] = nodes + at;
                at += Encode(parts.SupportVectors.AsSpan(i * features, features), nodes + at);
            }
            int rows = parts.NrClass - 1;
            m->SvCoef = (double**)Alloc<IntPtr>(rows);
            for (int r = 0; r < rows; r++) m->SvCoef[r] = Copy(parts.Coefficients.AsSpan(r * l, l));
            m->Rho = Copy(parts.Rho);
            m->ProbA = parts.ProbA is { } a ? Copy(a) : null;
            m->ProbB = parts.ProbB is { } b ? Copy(b) : null;
            if (parts.SvmType == SvmNative.CSvc)
            {
                m->Label = Copy(parts.Labels);
                m->NSV = Copy(parts.SupportVectorsPerClass);
            }
            m->FreeSv = 0;
            SetHandle((IntPtr)m);
        }
        catch
        {
            ReleaseHandle();
            throw;
        }
    }

    public SvmParts Parts { get; }

    /// <summary>Writes the non-zero values of a dense row as 1-based libsvm nodes plus the terminator; returns the nodes written.</summary>
    public static int Encode(ReadOnlySpan<float> row, SvmNative.Node* nodes)
    {
        int n = 0;
        for (int j = 0; j < row.Length; j++)
            if (row[j] != 0) nodes[n++] = new SvmNative.Node { Index = j + 1, Value = row[j] };
        nodes[n++] = new SvmNative.Node { Index = -1 };
        return n;
    }

    /// <summary>
    /// libsvm's decision for one example: writes the one-vs-one decision values (or the single decision value)
    /// into <paramref name="decisions"/> and returns the predicted label or value. With <paramref name="probabilities"/>
    /// (a probability model) it writes class probabilities in libsvm's label order instead.
    /// </summary>
    public double Predict(ReadOnlySpan<float> x, Span<double> decisions, Span<double> probabilities = default)
    {
        if (x.Length != _features) throw new ArgumentException($"An example has {_features} values; got {x.Length}.", nameof(x));
        SvmNative.Node[]? rented = x.Length > 1024 ? System.Buffers.ArrayPool<SvmNative.Node>.Shared.Rent(x.Length + 1) : null;
        Span<SvmNative.Node> buffer = rented is null ? stackalloc SvmNative.Node[x.Length + 1] : rented;
        bool added = false;
        try
        {
            DangerousAddRef(ref added);
            var m = (SvmNative.Model*)handle;
            fixed (SvmNative.Node* nodes = buffer)
            fixed (double* d = decisions)
            fixed (double* p = probabilities)
            {
                Encode(x, nodes);
                return probabilities.IsEmpty ? SvmNative.svm_predict_values(m, nodes, d) : SvmNative.svm_predict_probability(m, nodes, p);
            }
        }
        finally
        {
            if (added) DangerousRelease();
            if (rented is not null) System.Buffers.ArrayPool<SvmNative.Node>.Shared.Return(rented);
        }
    }

    private T* Alloc<T>(long count) where T : unmanaged
    {
        var p = NativeMemory.AllocZeroed((nuint)Math.Max(count, 1), (nuint)sizeof(T));
        _blocks.Add((IntPtr)p);
        return (T*)p;
    }

    private T* Copy<T>(ReadOnlySpan<T> values) where T : unmanaged
    {
        var p = Alloc<T>(values.Length);
        values.CopyTo(new Span<T>(p, values.Length));
        return p;
    }

    public override bool IsInvalid => handle == IntPtr.Zero && _blocks.Count == 0;

    protected override bool ReleaseHandle()
    {
        foreach (var p in _blocks) NativeMemory.Free((void*)p);
        _blocks.Clear();
        return true;
    }
}
