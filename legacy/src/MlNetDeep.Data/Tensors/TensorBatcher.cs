using System.Collections;
using System.Collections.Concurrent;

namespace MlNetDeep.Data.Tensors;

/// <summary>
/// Turns columns of an <see cref="IDataView"/> into mini-batches of tensors on a background
/// thread, keeping up to <see cref="Prefetch"/> batches ready so a training step never waits
/// for parsing. Each enumeration is one epoch. With shuffling, a view that can shuffle
/// (in memory) yields an exact seeded permutation; a streaming view is shuffled through a
/// seeded pool of <see cref="ShufflePoolRows"/> rows, so data larger than memory can be
/// shuffled without being loaded whole.
/// </summary>
public sealed class TensorBatcher : IEnumerable<TensorBatch>
{
    private readonly IDataView _data;
    private readonly DataViewSchema.Column[] _columns;
    private int _epoch;

    /// <summary>Creates the batcher. <paramref name="firstEpoch"/> numbers the first enumeration (to resume a run's sequence of shuffles).</summary>
    /// <exception cref="SchemaMismatchException">A column is missing or cannot become a tensor.</exception>
    public TensorBatcher(IDataView data, IReadOnlyList<string> columns, int batchSize, bool shuffle = false, int seed = 0,
        bool dropLast = false, int prefetch = 2, int shufflePoolRows = 10_000, int firstEpoch = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(firstEpoch);
        _epoch = firstEpoch;
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(prefetch);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(shufflePoolRows);
        if (columns.Count == 0) throw new ArgumentException("Name at least one column to batch.", nameof(columns));
        _data = data;
        _columns = columns.Select(n => data.Schema.GetColumnOrNull(n) ?? throw new SchemaMismatchException(n, "a column to batch into tensors", null)).ToArray();
        using (var probe = data.GetRowCursor(_columns))
            foreach (var c in _columns) ColumnBatcher.Create(probe, c, 1);
        (BatchSize, Shuffle, Seed, DropLast, Prefetch, ShufflePoolRows) = (batchSize, shuffle, seed, dropLast, prefetch, shufflePoolRows);
    }

    /// <summary>Rows per batch.</summary>
    public int BatchSize { get; }
    /// <summary>Whether each epoch visits rows in a new seeded random order.</summary>
    public bool Shuffle { get; }
    /// <summary>Seed of the first epoch's order (epoch k uses seed + k).</summary>
    public int Seed { get; }
    /// <summary>Whether a last, smaller batch is dropped.</summary>
    public bool DropLast { get; }
    /// <summary>Batches prepared ahead.</summary>
    public int Prefetch { get; }
    /// <summary>Rows held by the shuffling pool for views that cannot shuffle.</summary>
    public int ShufflePoolRows { get; }

    /// <summary>Enumerates one epoch. Dispose each batch after use.</summary>
    public IEnumerator<TensorBatch> GetEnumerator()
    {
        int epoch = _epoch++;
        var queue = new BlockingCollection<TensorBatch>(Prefetch);
        using var stop = new CancellationTokenSource();
        Exception? failure = null;
        var producer = new Thread(() =>
        {
            try { Produce(epoch, queue, stop.Token); }
            catch (OperationCanceledException) { }
            catch (Exception e) { failure = e; }
            finally { queue.CompleteAdding(); }
        }) { IsBackground = true, Name = "MlNetDeep batch prefetch" };
        producer.Start();
        try
        {
            foreach (var batch in queue.GetConsumingEnumerable())
                yield return batch;
            if (failure is not null) throw new InvalidOperationException($"Reading batches failed: {failure.Message}", failure);
        }
        finally
        {
            stop.Cancel();
            while (queue.TryTake(out var left)) left.Dispose();
            producer.Join();
            while (queue.TryTake(out var left)) left.Dispose();
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private void Produce(int epoch, BlockingCollection<TensorBatch> queue, CancellationToken token)
    {
        IDataView source = Shuffle && !_data.CanShuffle ? new PoolShuffledView(_data, ShufflePoolRows) : _data;
        Random? rand = Shuffle ? new Random(unchecked(Seed + epoch)) : null;
        using var cursor = source.GetRowCursor(_columns.Select(c => source.Schema[c.Index]), rand);
        var batchers = _columns.Select(c => ColumnBatcher.Create(cursor, source.Schema[c.Index], BatchSize)).ToArray();
        int n = 0;
        void Emit()
        {
            var tensors = new Dictionary<string, Torch.Tensor>(StringComparer.Ordinal);
            for (int i = 0; i < batchers.Length; i++) tensors[_columns[i].Name] = batchers[i].ToTensor(n);
            queue.Add(new TensorBatch(tensors, n), token);
            n = 0;
        }
        while (cursor.MoveNext())
        {
            token.ThrowIfCancellationRequested();
            foreach (var b in batchers) b.Read(n);
            if (++n == BatchSize) Emit();
        }
        if (n > 0 && !DropLast) Emit();
    }
}
