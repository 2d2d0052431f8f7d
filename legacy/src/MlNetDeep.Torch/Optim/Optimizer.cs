using System.Globalization;

namespace MlNetDeep.Torch.Optim;

/// <summary>
/// Base of the optimizers: parameter groups, per-parameter state tensors, zeroing
/// gradients and saving/loading state for resumable training. State tensors are created
/// lazily at the first step and owned by the optimizer (disposed with it).
/// </summary>
public abstract class Optimizer : IDisposable
{
    private readonly List<ParamGroup> _groups;
    // state[stateName][globalParamIndex]
    private readonly Dictionary<string, Tensor?[]> _state = new(StringComparer.Ordinal);
    private bool _disposed;

    /// <summary>Creates the optimizer over <paramref name="groups"/>, filling unset options from the defaults.</summary>
    private protected Optimizer(IEnumerable<ParamGroup> groups, double learningRate, double weightDecay)
    {
        ArgumentNullException.ThrowIfNull(groups);
        if (!(learningRate >= 0)) throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "Learning rate must be >= 0.");
        if (!(weightDecay >= 0)) throw new ArgumentOutOfRangeException(nameof(weightDecay), weightDecay, "Weight decay must be >= 0.");
        _groups = groups.ToList();
        if (_groups.Count == 0) throw new ArgumentException("An optimizer needs at least one parameter group.", nameof(groups));
        foreach (var g in _groups)
        {
            g.LearningRate = g.RequestedLearningRate ?? learningRate;
            g.InitialLearningRate = g.LearningRate;
            g.WeightDecay = g.RequestedWeightDecay ?? weightDecay;
            g.Steps = new long[g.Parameters.Count];
            if (!(g.LearningRate >= 0)) throw new ArgumentOutOfRangeException(nameof(groups), g.LearningRate, "A group's learning rate must be >= 0.");
        }
        var all = _groups.SelectMany(g => g.Parameters).ToList();
        if (all.Distinct(ReferenceEqualityComparer.Instance).Count() != all.Count)
            throw new ArgumentException("A parameter appears in more than one group (or twice in one).", nameof(groups));
        ParameterCount = all.Count;
    }

    /// <summary>The parameter groups.</summary>
    public IReadOnlyList<ParamGroup> ParamGroups => _groups;

    /// <summary>Total number of parameters across groups.</summary>
    public int ParameterCount { get; }

    /// <summary>Clears (default) or zeroes the gradients of every parameter.</summary>
    public unsafe void ZeroGrad(bool setToNone = true)
    {
        foreach (var g in _groups)
        {
            using var list = new HandleList(g.Parameters);
            fixed (IntPtr* p = list.Pointers)
                Native.StatusCheck.Check(Native.NativeMethods.mnd_zero_grad(p, g.Parameters.Count, setToNone ? 1 : 0));
        }
    }

    /// <summary>Applies one update to every parameter that has a gradient.</summary>
    public void Step()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        int offset = 0;
        foreach (var g in _groups)
        {
            StepGroup(g, offset);
            offset += g.Parameters.Count;
        }
    }

    /// <summary>Updates one group; <paramref name="offset"/> is the global index of its first parameter.</summary>
    private protected abstract void StepGroup(ParamGroup group, int offset);

    /// <summary>
    /// The state tensors named <paramref name="name"/> of one group, created as zeros shaped
    /// like each parameter when first needed.
    /// </summary>
    private protected Tensor[] State(string name, ParamGroup group, int offset)
    {
        if (!_state.TryGetValue(name, out Tensor?[]? all))
            _state[name] = all = new Tensor?[ParameterCount];
        var result = new Tensor[group.Parameters.Count];
        for (int i = 0; i < result.Length; i++)
        {
            ref Tensor? slot = ref all[offset + i];
            if (slot is null)
            {
                using (Engine.NoGrad())
                {
                    slot = Tensors.ZerosLike(group.Parameters[i]);
                    slot.DetachFromDisposeScope();
                }
            }
            result[i] = slot;
        }
        return result;
    }

    /// <summary>
    /// A copy of the optimizer's state: per-parameter tensors named
    /// <c>state.{index}.{name}</c>, step counts <c>state.{index}.step</c> and per-group
    /// hyperparameters <c>group.{g}.lr</c>, <c>group.{g}.initial_lr</c>, <c>group.{g}.weight_decay</c>.
    /// The caller owns (and disposes) the returned tensors.
    /// </summary>
    public Dictionary<string, Tensor> StateDict()
    {
        var d = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        using (Engine.NoGrad())
        {
            foreach (var (name, tensors) in _state)
                for (int i = 0; i < tensors.Length; i++)
                    if (tensors[i] is { } t) d[Key(i, name)] = t.Clone().DetachFromDisposeScope();
            int offset = 0;
            for (int g = 0; g < _groups.Count; g++)
            {
                var grp = _groups[g];
                for (int i = 0; i < grp.Steps.Length; i++)
                    d[Key(offset + i, "step")] = Tensors.Full([], grp.Steps[i], DType.Int64).DetachFromDisposeScope();
                d[$"group.{g}.lr"] = Tensors.Full([], grp.LearningRate, DType.Float64).DetachFromDisposeScope();
                d[$"group.{g}.initial_lr"] = Tensors.Full([], grp.InitialLearningRate, DType.Float64).DetachFromDisposeScope();
                d[$"group.{g}.weight_decay"] = Tensors.Full([], grp.WeightDecay, DType.Float64).DetachFromDisposeScope();
                offset += grp.Parameters.Count;
            }
            SaveExtraState(d);
        }
        return d;
    }

    /// <summary>Adds optimizer-specific entries (prefixed with the optimizer's name) to a state dict.</summary>
    private protected virtual void SaveExtraState(Dictionary<string, Tensor> state) { }

    /// <summary>Whether <paramref name="key"/> is an optimizer-specific entry this optimizer reads.</summary>
    private protected virtual bool IsExtraStateKey(string key) => false;

    /// <summary>Restores optimizer-specific entries; called after validation succeeded.</summary>
    private protected virtual void LoadExtraState(IReadOnlyDictionary<string, Tensor> state) { }

    /// <summary>
    /// Restores state saved by <see cref="StateDict"/> from an optimizer over parameters of
    /// the same shapes, in the same group layout.
    /// </summary>
    /// <exception cref="ArgumentException">An entry names no parameter or has the wrong shape; nothing is changed.</exception>
    public void LoadStateDict(IReadOnlyDictionary<string, Tensor> state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var all = _groups.SelectMany(g => g.Parameters).ToList();
        var problems = new List<string>();
        var parsed = new List<(int Index, string Name, Tensor Value)>();
        foreach (var (key, value) in state)
        {
            string[] parts = key.Split('.');
            if (parts.Length == 3 && parts[0] == "state" && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int idx))
            {
                if (idx >= all.Count) { problems.Add($"{key}: the optimizer has {all.Count} parameters"); continue; }
                if (parts[2] != "step" && !value.Shape.AsSpan().SequenceEqual(all[idx].Shape))
                    problems.Add($"{key}: expected shape [{string.Join(", ", all[idx].Shape)}], got [{string.Join(", ", value.Shape)}]");
                parsed.Add((idx, parts[2], value));
            }
            else if (parts.Length == 3 && parts[0] == "group" && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int g))
            {
                if (g >= _groups.Count) problems.Add($"{key}: the optimizer has {_groups.Count} groups");
                else if (parts[2] is not ("lr" or "initial_lr" or "weight_decay")) problems.Add($"{key}: unknown group setting");
            }
            else if (!IsExtraStateKey(key))
            {
                problems.Add($"{key}: not an optimizer state entry");
            }
        }
        if (problems.Count > 0)
            throw new ArgumentException($"Optimizer state does not fit {GetType().Name}: {string.Join("; ", problems)}.", nameof(state));

        for (int g = 0; g < _groups.Count; g++)
        {
            if (state.TryGetValue($"group.{g}.lr", out var lr)) _groups[g].LearningRate = lr.ToDouble();
            if (state.TryGetValue($"group.{g}.initial_lr", out var ilr)) _groups[g].InitialLearningRate = ilr.ToDouble();
            if (state.TryGetValue($"group.{g}.weight_decay", out var wd)) _groups[g].WeightDecay = wd.ToDouble();
        }
        using (Engine.NoGrad())
        {
            foreach (var (idx, name, value) in parsed)
            {
                if (name == "step")
                {
                    var (grp, local) = Locate(idx);
                    grp.Steps[local] = value.ToInt64();
                    continue;
                }
                if (!_state.TryGetValue(name, out Tensor?[]? arr)) _state[name] = arr = new Tensor?[ParameterCount];
                arr[idx]?.Dispose();
                arr[idx] = value.To(all[idx].DType, all[idx].Device, copy: true).DetachFromDisposeScope();
            }
            LoadExtraState(state);
        }
    }

    private (ParamGroup Group, int Local) Locate(int index)
    {
        foreach (var g in _groups)
        {
            if (index < g.Parameters.Count) return (g, index);
            index -= g.Parameters.Count;
        }
        throw new ArgumentOutOfRangeException(nameof(index));
    }

    private static string Key(int index, string name) => string.Create(CultureInfo.InvariantCulture, $"state.{index}.{name}");

    /// <summary>Disposes the optimizer's state tensors (not the parameters).</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        foreach (var arr in _state.Values)
            foreach (var t in arr) t?.Dispose();
        _state.Clear();
        DisposeExtraState();
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases optimizer-specific tensors.</summary>
    private protected virtual void DisposeExtraState() { }

    /// <summary>Wraps a plain parameter list as one group.</summary>
    private protected static IEnumerable<ParamGroup> Single(IEnumerable<Tensor> parameters) => [new ParamGroup(parameters)];
}
