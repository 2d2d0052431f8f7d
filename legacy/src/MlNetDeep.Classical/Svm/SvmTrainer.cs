using System.Runtime.InteropServices;
using MlNetDeep.Data;
using MlNetDeep.Torch;

namespace MlNetDeep.Classical.Svm;

/// <summary>
/// Trains a libsvm model for a <see cref="SvmTask"/>: C-SVC (binary on a Boolean label,
/// one-vs-one multiclass on a key label), ε-SVR on a Single label, or a one-class SVM on the
/// features alone. Rows go to libsvm as sparse nodes (non-zero values); libsvm's parameter check
/// runs first and its message is raised as an <see cref="ArgumentException"/>. The trained model
/// is copied out into managed arrays and libsvm's copy freed. libsvm is deterministic without
/// probabilities; its probability fit shuffles with the C library's rand(), which the trainer
/// seeds with its seed first (process-wide: two probability fits at once can interleave draws).
/// </summary>
public sealed class SvmTrainer : IEstimator<SvmModel>
{
    /// <summary>Creates the trainer.</summary>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public SvmTrainer(MLContext context, SvmOptions options, SvmTask task)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        if (!Enum.IsDefined(task)) throw new ArgumentOutOfRangeException(nameof(task), task, "Unknown task.");
        options.Validate();
        if (task == SvmTask.OneClass && options.Probability) throw new ArgumentException("A one-class SVM has no probability estimates; leave Probability false.");
        (Options, Task) = (options, task);
        _seed = options.Seed ?? context.NextSeed();
    }

    private readonly int _seed;

    /// <summary>The options (not changed by fitting).</summary>
    public SvmOptions Options { get; }
    /// <summary>What the trainer learns.</summary>
    public SvmTask Task { get; }

    private LabelKind Label => Task switch
    {
        SvmTask.Binary => LabelKind.Boolean,
        SvmTask.Multiclass => LabelKind.Key,
        _ => LabelKind.Single,
    };

    /// <inheritdoc />
    /// <exception cref="SchemaMismatchException">A column is missing or of the wrong type; the column is named.</exception>
    /// <exception cref="ArgumentException">No rows, a NaN (row named), a single class, or parameters libsvm refuses.</exception>
    public unsafe SvmModel Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        IReadOnlyList<string> classes = [];
        string? labelColumn = null;
        if (Task != SvmTask.OneClass)
        {
            var label = LabelColumns.Require(input.Schema, Options.LabelColumnName, Label);
            if (Task == SvmTask.Multiclass) classes = ClassLabels.Of(label);
            labelColumn = Options.LabelColumnName;
        }
        var (x, n, d, y) = DenseData.Read(input, Options.FeatureColumnName, labelColumn, allowMissing: false);
        if (Task is SvmTask.Binary or SvmTask.Multiclass) ClassLabels.RequireTwo(y!, Options.LabelColumnName, Task == SvmTask.Multiclass ? classes : null);
        double gamma = Options.Gamma ?? ScaleGamma(x, d);

        bool precompute = n <= Options.PrecomputedKernelMaxRows;
        var rows = (SvmNative.Node**)NativeMemory.Alloc((nuint)n, (nuint)sizeof(IntPtr));
        var targets = (double*)NativeMemory.Alloc((nuint)n, sizeof(double));
        SvmNative.Node* nodes = null;
        SvmNative.Model* trained = null;
        try
        {
            nodes = precompute ? KernelRows(x, n, d, gamma, rows) : SparseRows(x, n, d, rows);
            for (int i = 0; i < n; i++) targets[i] = y is null ? 1 : y[i];
            var problem = new SvmNative.Problem { L = n, X = rows, Y = targets };
            var parameter = new SvmNative.Parameter
            {
                SvmType = Task switch { SvmTask.Regression => SvmNative.EpsilonSvr, SvmTask.OneClass => SvmNative.OneClass, _ => SvmNative.CSvc },
                KernelType = precompute ? SvmNative.Precomputed : (int)Options.Kernel, Degree = Options.Degree, Gamma = gamma, Coef0 = Options.Coef0,
                CacheSize = Options.CacheSizeMb, Eps = Options.Tolerance, C = Options.C, Nu = Options.Nu, P = Options.Epsilon,
                Shrinking = Options.Shrinking ? 1 : 0, Probability = Options.Probability ? 1 : 0,
            };
            IntPtr refused = SvmNative.svm_check_parameter(&problem, &parameter);
            if (refused != IntPtr.Zero) throw new ArgumentException($"libsvm refused the parameters: {Marshal.PtrToStringUTF8(refused)}.");
            if (Options.Probability) SvmNative.srand((uint)_seed);
            trained = SvmNative.svm_train(&problem, &parameter);
            if (trained is null) throw new InvalidOperationException("libsvm returned no model.");
            var parts = CopyOut(trained, x, d, (int)Options.Kernel);
            return new SvmModel(Task, Options.FeatureColumnName, d, classes, parts);
        }
        finally
        {
            // libsvm's model points into our rows (free_sv = 0): free it first, then the rows.
            if (trained is not null) SvmNative.svm_free_and_destroy_model(&trained);
            if (precompute) LargeBlock.Free(nodes, (n + 2L) * n * sizeof(SvmNative.Node));
            else NativeMemory.Free(nodes);
            NativeMemory.Free(rows);
            NativeMemory.Free(targets);
        }
    }

    /// <summary>Rows as libsvm nodes of their non-zero values.</summary>
    private static unsafe SvmNative.Node* SparseRows(float[] x, int n, int d, SvmNative.Node** rows)
    {
        long nonZero = 0;
        foreach (float v in x) if (v != 0) nonZero++;
        var nodes = (SvmNative.Node*)NativeMemory.Alloc((nuint)checked(nonZero + n), (nuint)sizeof(SvmNative.Node));
        long at = 0;
        for (int i = 0; i < n; i++)
        {
            rows[i] = nodes + at;
            at += SvmNativeModel.Encode(x.AsSpan(i * d, d), nodes + at);
        }
        return nodes;
    }

    /// <summary>
    /// Rows of the kernel matrix in libsvm's precomputed format: node 0 holds the row's 1-based serial number,
    /// node j (1..n) the kernel value K(x_i, x_(j−1)), then the terminator. The Gram matrix comes from libtorch
    /// a block of rows at a time (one GEMM each, over the upper triangle only: the rest is mirrored); the kernel
    /// function and the node writing are one managed pass.
    /// </summary>
    private unsafe SvmNative.Node* KernelRows(float[] x, int n, int d, double gamma, SvmNative.Node** rows)
    {
        long width = n + 2L;
        var nodes = (SvmNative.Node*)LargeBlock.Allocate(checked(width * n * sizeof(SvmNative.Node)));
        try
        {
            var norms = new float[n];
            for (int i = 0; i < n; i++) norms[i] = System.Numerics.Tensors.TensorPrimitives.Dot<float>(x.AsSpan(i * d, d), x.AsSpan(i * d, d));
            var rowPointers = (IntPtr*)rows;
            float g = (float)gamma, coef0 = (float)Options.Coef0;
            var kernel = Options.Kernel;
            int degree = Options.Degree;
            using var scope = Engine.NewDisposeScope();
            using var noGrad = Engine.NoGrad();
            Tensor t = Tensor.FromSpan<float>(x, [n, d]);
            const int block = 2048, tile = 64;
            for (int start = 0; start < n; start += block)
            {
                int count = Math.Min(block, n - start), right = n - start;
                // The kernel matrix is symmetric: compute only the columns from this block's first row on...
                float[] gram;
                using (Engine.NewDisposeScope())
                    gram = t.Narrow(0, start, count).Mm(t.Narrow(0, start, right).T()).ToArray<float>(); // [count, n − start]
                Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, b =>
                {
                    int i = start + b;
                    var k = gram.AsSpan(b * right, right);
                    ApplyKernel(kernel, k, norms.AsSpan(start), norms[i], g, coef0, degree);
                    SvmNative.Node* r = nodes + i * width;
                    rowPointers[i] = (IntPtr)r;
                    r[0] = new SvmNative.Node { Index = 0, Value = i + 1 };
                    for (int j = start; j < n; j++) r[j + 1] = new SvmNative.Node { Index = j + 1, Value = k[j - start] };
                    r[n + 1] = new SvmNative.Node { Index = -1 };
                });
                // ...and mirror the columns before it from the rows already written, a tile of source rows at a time.
                Parallel.For(0, (start + tile - 1) / tile, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, jt =>
                {
                    int j0 = jt * tile, j1 = Math.Min(start, j0 + tile);
                    for (int i = start; i < start + count; i++)
                    {
                        SvmNative.Node* r = nodes + i * width;
                        for (int j = j0; j < j1; j++) r[j + 1] = new SvmNative.Node { Index = j + 1, Value = nodes[j * width + i + 1].Value };
                    }
                });
            }
        }
        catch
        {
            LargeBlock.Free(nodes, width * n * sizeof(SvmNative.Node));
            throw;
        }
        return nodes;
    }

    /// <summary>Turns a row of dot products x_i·x_j into kernel values, in place.</summary>
    private static void ApplyKernel(SvmKernel kernel, Span<float> dots, ReadOnlySpan<float> norms, float norm, float gamma, float coef0, int degree)
    {
        switch (kernel)
        {
            case SvmKernel.Linear:
                return;
            case SvmKernel.Polynomial:
                for (int j = 0; j < dots.Length; j++) dots[j] = MathF.Pow(gamma * dots[j] + coef0, degree);
                return;
            case SvmKernel.Sigmoid:
                System.Numerics.Tensors.TensorPrimitives.Multiply(dots, gamma, dots);
                System.Numerics.Tensors.TensorPrimitives.Add(dots, coef0, dots);
                System.Numerics.Tensors.TensorPrimitives.Tanh<float>(dots, dots);
                return;
            default:
                // exp(−γ(‖xi‖² + ‖xj‖² − 2 xi·xj)), the squared distance clamped at 0.
                System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(dots, -2f, norms, dots);
                System.Numerics.Tensors.TensorPrimitives.Add(dots, norm, dots);
                System.Numerics.Tensors.TensorPrimitives.Max(dots, 0f, dots);
                System.Numerics.Tensors.TensorPrimitives.Multiply(dots, -gamma, dots);
                System.Numerics.Tensors.TensorPrimitives.Exp<float>(dots, dots);
                return;
        }
    }

    /// <summary>scikit-learn's gamma = "scale": 1 / (features × variance of all values); 1 when the data is constant.</summary>
    private static double ScaleGamma(float[] x, int d)
    {
        double sum = 0, squares = 0;
        foreach (float v in x)
        {
            sum += v;
            squares += (double)v * v;
        }
        double mean = sum / x.Length, variance = squares / x.Length - mean * mean;
        return variance > 0 ? 1 / (d * variance) : 1;
    }

    /// <summary>
    /// Copies a freshly trained libsvm model into managed arrays. Support vectors are the training rows libsvm
    /// names by index (so a model trained on a precomputed kernel becomes one of <paramref name="kernel"/>).
    /// </summary>
    private static unsafe SvmParts CopyOut(SvmNative.Model* m, float[] x, int d, int kernel)
    {
        int l = m->L, k = m->NrClass, pairs = k * (k - 1) / 2;
        bool classification = m->Param.SvmType == SvmNative.CSvc;
        var sv = new float[checked((long)l * d)];
        for (int i = 0; i < l; i++) x.AsSpan(checked((m->SvIndices[i] - 1) * d), d).CopyTo(sv.AsSpan(i * d, d));
        var coefficients = new double[checked((long)(k - 1) * l)];
        for (int r = 0; r < k - 1; r++) new ReadOnlySpan<double>(m->SvCoef[r], l).CopyTo(coefficients.AsSpan(r * l, l));
        int rho = classification ? pairs : 1;
        return new SvmParts
        {
            SvmType = m->Param.SvmType, KernelType = kernel, Degree = m->Param.Degree, Gamma = m->Param.Gamma, Coef0 = m->Param.Coef0,
            NrClass = k,
            Labels = classification ? new ReadOnlySpan<int>(m->Label, k).ToArray() : [],
            SupportVectorsPerClass = classification ? new ReadOnlySpan<int>(m->NSV, k).ToArray() : [],
            Rho = new ReadOnlySpan<double>(m->Rho, rho).ToArray(),
            ProbA = m->ProbA is null ? null : new ReadOnlySpan<double>(m->ProbA, classification ? pairs : 1).ToArray(),
            ProbB = m->ProbB is null ? null : new ReadOnlySpan<double>(m->ProbB, pairs).ToArray(),
            SupportVectorCount = l, SupportVectors = sv, Coefficients = coefficients,
        };
    }

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        inputSchema.RequireSingleVector(Options.FeatureColumnName);
        if (Task != SvmTask.OneClass)
        {
            LabelColumns.Require(inputSchema, Options.LabelColumnName, Label);
        }
        return inputSchema.With(PredictionColumns.Shape(SvmModel.Kind(Task, Options.Probability)));
    }
}
