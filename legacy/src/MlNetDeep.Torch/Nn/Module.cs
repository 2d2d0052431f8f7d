namespace MlNetDeep.Torch.Nn;

/// <summary>
/// Base of every network building block: holds named parameters (trainable tensors),
/// buffers (state such as batch-norm running statistics) and child modules, in
/// registration order. Names compose with dots (<c>features.0.weight</c>) exactly as
/// PyTorch's state dicts do, so weights can move between the two. A module owns its
/// tensors: disposing it disposes them.
/// </summary>
public abstract class Module : IDisposable
{
    private readonly List<KeyValuePair<string, Tensor>> _parameters = new();
    private readonly List<KeyValuePair<string, Tensor>> _buffers = new();
    private readonly List<KeyValuePair<string, Module>> _children = new();
    private bool _disposed;

    /// <summary>True in training mode (dropout active, batch norm uses batch statistics).</summary>
    public bool IsTraining { get; private set; } = true;

    /// <summary>Registers a trainable parameter. The module takes ownership (and gradient tracking is turned on).</summary>
    protected Tensor RegisterParameter(string name, Tensor tensor)
    {
        CheckName(name);
        ArgumentNullException.ThrowIfNull(tensor);
        tensor.DetachFromDisposeScope();
        if (!tensor.RequiresGrad) tensor.RequiresGrad = true;
        _parameters.Add(new(name, tensor));
        return tensor;
    }

    /// <summary>Registers a buffer (state saved in the state dict but not trained). The module takes ownership.</summary>
    protected Tensor RegisterBuffer(string name, Tensor tensor)
    {
        CheckName(name);
        ArgumentNullException.ThrowIfNull(tensor);
        tensor.DetachFromDisposeScope();
        _buffers.Add(new(name, tensor));
        return tensor;
    }

    /// <summary>Registers a child module under <paramref name="name"/>.</summary>
    protected T RegisterModule<T>(string name, T module) where T : Module
    {
        CheckName(name);
        ArgumentNullException.ThrowIfNull(module);
        _children.Add(new(name, module));
        return module;
    }

    private static bool SameShape(long[] a, long[] b)
    {
        if (a.Length != b.Length) return false;
        for (int i = 0; i < a.Length; i++)
            if (a[i] != b[i]) return false;
        return true;
    }

    private void CheckName(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name.Contains('.', StringComparison.Ordinal))
            throw new ArgumentException($"Name '{name}' must not contain '.'.", nameof(name));
        // Loops, not LINQ over key-value pairs: generic code over value types is not precompiled,
        // and this runs for every layer a model load builds.
        bool taken = false;
        foreach (var p in _parameters) taken |= p.Key == name;
        foreach (var b in _buffers) taken |= b.Key == name;
        foreach (var c in _children) taken |= c.Key == name;
        if (taken) throw new ArgumentException($"Name '{name}' is already registered in {GetType().Name}.", nameof(name));
    }

    /// <summary>Direct children with their names.</summary>
    public IEnumerable<(string Name, Module Module)> NamedChildren() => _children.Select(c => (c.Key, c.Value));

    /// <summary>This module and every descendant, with dotted names ("" for this one).</summary>
    public IEnumerable<(string Name, Module Module)> NamedModules(string prefix = "")
    {
        yield return (prefix, this);
        foreach (var (name, child) in _children)
            foreach (var m in child.NamedModules(Join(prefix, name)))
                yield return m;
    }

    /// <summary>Parameters with dotted names, this module's first, then each child's in order.</summary>
    public IEnumerable<(string Name, Tensor Parameter)> NamedParameters(bool recurse = true)
    {
        foreach (var (name, p) in _parameters) yield return (name, p);
        if (!recurse) yield break;
        foreach (var (cname, child) in _children)
            foreach (var (name, p) in child.NamedParameters())
                yield return (Join(cname, name), p);
    }

    /// <summary>All parameters (see <see cref="NamedParameters"/>).</summary>
    public IEnumerable<Tensor> Parameters(bool recurse = true) => NamedParameters(recurse).Select(p => p.Parameter);

    /// <summary>Buffers with dotted names.</summary>
    public IEnumerable<(string Name, Tensor Buffer)> NamedBuffers(bool recurse = true)
    {
        foreach (var (name, b) in _buffers) yield return (name, b);
        if (!recurse) yield break;
        foreach (var (cname, child) in _children)
            foreach (var (name, b) in child.NamedBuffers())
                yield return (Join(cname, name), b);
    }

    private static string Join(string prefix, string name) => prefix.Length == 0 ? name : prefix + "." + name;

    /// <summary>
    /// Keeps this module in evaluation mode whatever <see cref="Train"/> asks (its descendants
    /// follow their own setting): a frozen batch norm then normalizes with its running
    /// statistics and never updates them, as Keras's BatchNormalization does with
    /// <c>trainable = False</c>. Setting it switches the module to evaluation mode at once.
    /// </summary>
    public bool InferenceOnly
    {
        get => _inferenceOnly;
        set
        {
            _inferenceOnly = value;
            if (value) IsTraining = false;
        }
    }

    private bool _inferenceOnly;

    /// <summary>Switches this module and its descendants to training (true) or evaluation mode (an <see cref="InferenceOnly"/> module stays in evaluation mode).</summary>
    public Module Train(bool training = true)
    {
        IsTraining = training && !_inferenceOnly;
        foreach (var (_, child) in _children) child.Train(training);
        return this;
    }

    /// <summary>Switches to evaluation mode (same as <c>Train(false)</c>).</summary>
    public Module Eval() => Train(false);

    /// <summary>
    /// Parameters and buffers by dotted name. The tensors are the module's own (not copies):
    /// read or copy them, don't dispose them.
    /// </summary>
    public IReadOnlyDictionary<string, Tensor> StateDict()
    {
        var d = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (n, p) in NamedParameters()) d[n] = p;
        foreach (var (n, b) in NamedBuffers()) d[n] = b;
        return d;
    }

    /// <summary>
    /// Copies values from <paramref name="state"/> into this module's parameters and buffers.
    /// Every problem is collected first and reported together — names missing from the
    /// state, names the module does not have (when <paramref name="strict"/>) and shape or
    /// dtype mismatches — and nothing is copied unless there are none.
    /// </summary>
    /// <exception cref="StateDictMismatchException">The state does not fit this module.</exception>
    public void LoadStateDict(IReadOnlyDictionary<string, Tensor> state, bool strict = true)
    {
        ArgumentNullException.ThrowIfNull(state);
        var own = StateDict();
        var missing = own.Keys.Where(k => !state.ContainsKey(k)).ToList();
        var unexpected = state.Keys.Where(k => !own.ContainsKey(k)).ToList();
        var mismatched = new List<string>();
        foreach (var (name, target) in own)
        {
            if (!state.TryGetValue(name, out Tensor? source)) continue;
            long[] ts = target.Shape, ss = source.Shape;
            if (!SameShape(ts, ss))
                mismatched.Add($"{name}: expected shape [{string.Join(", ", ts)}], got [{string.Join(", ", ss)}]");
        }
        if (mismatched.Count > 0 || (strict && (missing.Count > 0 || unexpected.Count > 0)))
            throw new StateDictMismatchException(GetType().Name, missing, strict ? unexpected : [], mismatched);
        using (Engine.NoGrad())
        {
            foreach (var (name, target) in own)
                if (state.TryGetValue(name, out Tensor? source)) target.Copy_(source);
        }
    }

    /// <summary>Saves <see cref="StateDict"/> to a tensor file (written to a temporary file, then renamed into place).</summary>
    public void SaveWeights(string path) => IO.TensorFile.Save(path, StateDict(), new Dictionary<string, string> { ["module"] = GetType().Name });

    /// <summary>Loads weights saved by <see cref="SaveWeights"/> (see <see cref="LoadStateDict"/> for what is checked).</summary>
    /// <exception cref="IO.TensorFileException">The file is malformed.</exception>
    /// <exception cref="StateDictMismatchException">The weights do not fit this module.</exception>
    public void LoadWeights(string path, bool strict = true)
    {
        using var contents = IO.TensorFile.Load(path);
        LoadStateDict(contents.Tensors, strict);
    }

    /// <summary>Turns gradient tracking off for every parameter whose dotted name matches <paramref name="selector"/> (all when null).</summary>
    public void Freeze(Func<string, bool>? selector = null) => SetRequiresGrad(selector, false);

    /// <summary>Turns gradient tracking back on for the selected parameters (all when null).</summary>
    public void Unfreeze(Func<string, bool>? selector = null) => SetRequiresGrad(selector, true);

    private void SetRequiresGrad(Func<string, bool>? selector, bool value)
    {
        foreach (var (name, p) in NamedParameters())
            if (selector is null || selector(name)) p.RequiresGrad = value;
    }

    /// <summary>Moves (and/or converts) every parameter and buffer in place; parameters keep their identity, so optimizers built before stay valid.</summary>
    public Module To(Device device, DType? dtype = null)
    {
        Device dev = device.Resolve();
        foreach (var (_, t) in NamedParameters().Concat(NamedBuffers()))
        {
            // Integer buffers (e.g. num_batches_tracked) keep their dtype.
            DType target = dtype is { } d && t.DType.IsFloatingPoint() ? d : t.DType;
            using Tensor moved = t.To(target, dev);
            t.SetData(moved);
        }
        return this;
    }

    /// <summary>Disposes every parameter, buffer and child module.</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the module's tensors; derived classes release anything extra they hold.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (_disposed || !disposing) return;
        _disposed = true;
        foreach (var (_, p) in _parameters) p.Dispose();
        foreach (var (_, b) in _buffers) b.Dispose();
        foreach (var (_, c) in _children) c.Dispose();
    }
}

/// <summary>A module with one input and one output: <c>y = module.Forward(x)</c>.</summary>
/// <typeparam name="TIn">Input type (usually <see cref="Tensor"/>).</typeparam>
/// <typeparam name="TOut">Output type.</typeparam>
public abstract class Module<TIn, TOut> : Module
{
    /// <summary>Computes the module's output.</summary>
    public abstract TOut Forward(TIn input);
}
