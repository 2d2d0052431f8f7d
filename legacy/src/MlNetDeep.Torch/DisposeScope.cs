namespace MlNetDeep.Torch;

/// <summary>
/// Collects every tensor created on this thread while it is the innermost open scope and
/// disposes them all when the scope is disposed, except those moved out with
/// <see cref="Tensor.MoveToOuterScope"/> or <see cref="Tensor.DetachFromDisposeScope"/>.
/// Wrap each training step in one so temporaries are freed at once rather than by the GC:
/// <code>using (Engine.NewDisposeScope()) { var loss = ...; loss.Backward(); opt.Step(); }</code>
/// Scopes nest; each thread has its own stack.
/// </summary>
public sealed class DisposeScope : IDisposable
{
    [ThreadStatic] private static DisposeScope? t_current;

    private readonly List<Tensor> _tensors = new();
    private readonly DisposeScope? _outer;
    private readonly int _threadId;
    private bool _disposed;

    internal DisposeScope()
    {
        _outer = t_current;
        _threadId = Environment.CurrentManagedThreadId;
        t_current = this;
    }

    /// <summary>The innermost open scope of this thread, or null.</summary>
    public static DisposeScope? Current => t_current;

    /// <summary>The scope this one is nested in, or null.</summary>
    public DisposeScope? Outer => _outer;

    /// <summary>Number of tensors this scope will dispose.</summary>
    public int Count => _tensors.Count(t => t.Scope == this);

    internal static void Track(Tensor t)
    {
        DisposeScope? s = t_current;
        if (s is null) return;
        t.Scope = s;
        s._tensors.Add(t);
    }

    internal void Attach(Tensor t)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        t.Scope = this;
        _tensors.Add(t);
    }

    private int _forgotten;

    internal void Forget(Tensor t)
    {
        // Entries whose Scope no longer points here are skipped on dispose; compact now and
        // then so that a long-lived scope does not keep every disposed tensor reachable.
        if (++_forgotten < 4096 || _forgotten * 2 < _tensors.Count) return;
        _tensors.RemoveAll(x => x.Scope != this);
        _forgotten = 0;
    }

    /// <summary>Disposes every tensor the scope still owns and makes the outer scope current.</summary>
    /// <exception cref="InvalidOperationException">Disposed on another thread or out of nesting order.</exception>
    public void Dispose()
    {
        if (_disposed) return;
        if (Environment.CurrentManagedThreadId != _threadId)
            throw new InvalidOperationException("A DisposeScope must be disposed on the thread that created it.");
        if (t_current != this)
            throw new InvalidOperationException("DisposeScopes must be disposed innermost first.");
        _disposed = true;
        t_current = _outer;
        foreach (Tensor t in _tensors)
        {
            if (t.Scope != this) continue;
            t.Scope = null;
            t.Dispose();
        }
        _tensors.Clear();
    }
}
