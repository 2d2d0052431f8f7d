using MlNetDeep.Data;

namespace MlNetDeep.Prediction;

/// <summary>
/// Predicts one row at a time with a fitted pipeline: <c>var output = engine.Predict(input)</c>.
/// The pipeline's cursors and getters are built once, so a prediction allocates only the
/// output object (and its arrays). NOT thread-safe: use one engine per thread, or a
/// prediction engine pool in services.
/// </summary>
/// <typeparam name="TIn">Input class: public members named like the model's input columns.</typeparam>
/// <typeparam name="TOut">Output class: public members named like output columns (missing ones are left alone).</typeparam>
public sealed class PredictionEngine<TIn, TOut> : IDisposable where TIn : class where TOut : class, new()
{
    private readonly RowSource<TIn> _source = new();
    private readonly DataViewRowCursor _cursor;
    private readonly Action<TOut>[] _setters;
    private bool _disposed;

    internal PredictionEngine(ITransformer model, DataViewSchema? inputSchema)
    {
        ArgumentNullException.ThrowIfNull(model);
        IDataView input = new EnumerableDataView<TIn>(_source);
        if (inputSchema is not null) CheckInput(input.Schema, inputSchema);
        IDataView output = model.Transform(input);
        var plan = EnumerableReader<TOut>.Plan(output.Schema, ignoreMissingColumns: true);
        if (plan.Count == 0)
            throw new ArgumentException($"{typeof(TOut).Name} has no member named like an output column ({string.Join(", ", output.Schema.Select(c => c.Name))}).");
        var columns = new DataViewSchema.Column[plan.Count];
        for (int i = 0; i < columns.Length; i++) columns[i] = plan[i].Column;
        _cursor = output.GetRowCursor(columns);
        _setters = EnumerableReader<TOut>.Setters(_cursor, plan);
        Model = model;
    }

    /// <summary>The pipeline.</summary>
    public ITransformer Model { get; }

    /// <summary>
    /// Members of <typeparamref name="TIn"/> named like columns of the saved input schema must
    /// have their types; columns the model needs but the class lacks are reported when the
    /// pipeline is applied (a label column, say, is not needed to predict).
    /// </summary>
    private static void CheckInput(DataViewSchema have, DataViewSchema expected)
    {
        foreach (var h in have)
        {
            var c = expected.GetColumnOrNull(h.Name);
            if (c is null) continue;
            bool same = h.Type.Equals(c.Type) || (h.Type is KeyDataViewType && c.Type is KeyDataViewType);
            if (!same) throw new SchemaMismatchException(c.Name, $"{c.Type} (the model's input type)", h.Type.ToString());
        }
    }

    /// <summary>Runs the pipeline on <paramref name="example"/> and returns a new output object.</summary>
    public TOut Predict(TIn example)
    {
        var result = new TOut();
        Predict(example, ref result);
        return result;
    }

    /// <summary>Runs the pipeline on <paramref name="example"/> and fills <paramref name="prediction"/> (reusing it).</summary>
    public void Predict(TIn example, ref TOut prediction)
    {
        ArgumentNullException.ThrowIfNull(example);
        ObjectDisposedException.ThrowIf(_disposed, this);
        prediction ??= new TOut();
        _source.Current = example;
        if (!_cursor.MoveNext()) throw new InvalidOperationException("The pipeline produced no row for the example (does it filter rows?).");
        foreach (var set in _setters) set(prediction);
    }

    /// <summary>Releases the pipeline's cursors.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _cursor.Dispose();
    }

    /// <summary>An endless sequence whose every element is the example being predicted.</summary>
    private sealed class RowSource<T> : IEnumerable<T> where T : class
    {
        public T? Current { get; set; }

        public IEnumerator<T> GetEnumerator()
        {
            while (true) yield return Current ?? throw new InvalidOperationException("No example to predict.");
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
