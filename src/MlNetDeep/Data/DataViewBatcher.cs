using System.Collections.Concurrent;
using Microsoft.ML;
using MlNetDeep.Runtime;
using MlNetDeep.Schema;
using TorchSharp;

namespace MlNetDeep.Data;

/// <summary>
/// Turns columns of any ML.NET <see cref="IDataView"/> into mini-batches of TorchSharp tensors
/// (see <see cref="BatchColumn"/> for the conversions), an epoch at a time. Data that fits in
/// memory is read once into tensors and each epoch gathers batches in a seeded permutation;
/// larger data streams through a cursor on a background thread that keeps
/// <see cref="DataViewBatcherOptions.Prefetch"/> batches ready, so a training step never waits
/// for parsing, shuffled exactly when the view can shuffle itself and through a seeded pool
/// (ML.NET's <c>ShuffleRows</c>) otherwise.
/// </summary>
public sealed class DataViewBatcher : IDisposable
{
    private readonly IDataView _data;
    private readonly BatchColumn[] _columns;
    private readonly DataViewBatcherOptions _options;
    private Dictionary<string, torch.Tensor>? _memory;
    private long _rows = -1;
    private bool _streaming;

    /// <summary>Creates the batcher over <paramref name="columns"/> of <paramref name="data"/>; nothing is read yet.</summary>
    /// <exception cref="SchemaMismatchException">A column is missing or cannot become a tensor.</exception>
    public DataViewBatcher(IDataView data, IReadOnlyList<string> columns, DataViewBatcherOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(columns);
        if (columns.Count == 0) throw new ArgumentException("Name at least one column to batch.", nameof(columns));
        TorchRuntime.Initialize();
        _options = (options ?? new DataViewBatcherOptions()) with { };
        _options.Validate();
        _data = data;
        _columns = columns.Select(n => BatchColumn.For(data.Schema.GetColumnOrNull(n) ?? throw new SchemaMismatchException(n, "a column to batch", null))).ToArray();
        _streaming = _options.Loading == DataLoading.Streaming;
    }

    /// <summary>Whether the rows are held in memory (decided at the first epoch under <see cref="DataLoading.Auto"/>).</summary>
    public bool InMemory => _memory is not null;

    /// <summary>The number of rows, when known (after the first epoch, or from the view).</summary>
    public long? RowCount => _rows >= 0 ? _rows : _data.GetRowCount() is long n ? n : null;

    /// <summary>
    /// The batches of epoch <paramref name="epoch"/> (0-based; with shuffling, the order depends only
    /// on the seed and the epoch). Dispose each batch after use.
    /// </summary>
    /// <exception cref="InvalidDataException">A row disagrees with its column's type.</exception>
    public IEnumerable<TensorBatch> Epoch(int epoch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        Prepare();
        return _streaming ? Stream(epoch) : FromMemory(epoch);
    }

    /// <summary>Decides between memory and streaming now (reading the rows into memory when they fit), so <see cref="RowCount"/> is known without another pass.</summary>
    public void Prepare()
    {
        if (!_streaming && _memory is null) _streaming = !TryLoad();
    }

    /// <summary>Reads every row into tensors unless they exceed the memory limit (<see cref="DataLoading.Auto"/>); returns whether it did.</summary>
    private bool TryLoad()
    {
        long rowBytes = _columns.Sum(c => (long)c.Width * (c.IsKey ? 8 : 4));
        long limit = _options.Loading == DataLoading.InMemory ? long.MaxValue : _options.InMemoryLimitBytes;
        long maxRows = Math.Min(limit / Math.Max(1, rowBytes), int.MaxValue / Math.Max(1, _columns.Max(c => c.Width)));
        if (_data.GetRowCount() is long known && known > maxRows) return false;
        using var cursor = _data.GetRowCursor(_columns.Select(c => c.Column));
        var readers = _columns.Select(c => c.Bind(cursor)).ToArray();
        long capacity = Math.Min(maxRows, _data.GetRowCount() ?? 1024);
        var buffers = readers.Select(r => r.NewBuffer(Math.Max(1, capacity))).ToArray();
        long rows = 0;
        while (cursor.MoveNext())
        {
            if (rows == maxRows) return false;
            if (rows == capacity)
            {
                capacity = Math.Min(maxRows, Math.Max(1, capacity) * 2);
                for (int i = 0; i < buffers.Length; i++) buffers[i] = Grow(buffers[i], capacity * readers[i].Width);
            }
            for (int i = 0; i < readers.Length; i++) readers[i].Read(buffers[i], checked((int)rows));
            rows++;
        }
        if (rows == 0) throw new InvalidDataException("The data view has no rows.");
        _memory = new Dictionary<string, torch.Tensor>(StringComparer.Ordinal);
        for (int i = 0; i < readers.Length; i++) _memory[readers[i].Column.Name] = readers[i].ToTensor(buffers[i], rows);
        _rows = rows;
        return true;
    }

    private static Array Grow(Array buffer, long length)
    {
        var bigger = Array.CreateInstance(buffer.GetType().GetElementType()!, length);
        Array.Copy(buffer, bigger, buffer.Length);
        return bigger;
    }

    private IEnumerable<TensorBatch> FromMemory(int epoch)
    {
        long n = _rows, size = _options.BatchSize;
        using var order = _options.Shuffle ? Permutation(n, epoch) : torch.arange(n, torch.int64);
        for (long start = 0; start < n; start += size)
        {
            long count = Math.Min(size, n - start);
            if (count < size && _options.DropLast) yield break;
            var tensors = new Dictionary<string, torch.Tensor>(StringComparer.Ordinal);
            using (var rows = order.narrow(0, start, count))
                foreach (var (name, all) in _memory!) tensors[name] = all.index_select(0, rows);
            yield return new TensorBatch(tensors, (int)count);
        }
    }

    /// <summary>Epoch <paramref name="epoch"/>'s permutation of <paramref name="n"/> rows, from its own generator.</summary>
    private torch.Tensor Permutation(long n, int epoch)
    {
        using var generator = new torch.Generator(EpochSeed(epoch));
        return torch.randperm(n, generator: generator);
    }

    private ulong EpochSeed(int epoch) => unchecked((ulong)(uint)_options.Seed * 1_000_003UL + (ulong)epoch);

    private IEnumerable<TensorBatch> Stream(int epoch)
    {
        var queue = new BlockingCollection<TensorBatch>(_options.Prefetch);
        using var stop = new CancellationTokenSource();
        Exception? failure = null;
        long produced = 0;
        var producer = new Thread(() =>
        {
            try { produced = Produce(epoch, queue, stop.Token); }
            catch (OperationCanceledException) { }
            catch (Exception e) { failure = e; }
            finally { queue.CompleteAdding(); }
        }) { IsBackground = true, Name = "MlNetDeep batch prefetch" };
        producer.Start();
        try
        {
            foreach (var batch in queue.GetConsumingEnumerable())
                yield return batch;
            producer.Join();
            if (failure is not null) throw failure is InvalidDataException or SchemaMismatchException ? failure : new InvalidDataException($"Reading batches failed: {failure.Message}", failure);
            if (produced == 0) throw new InvalidDataException("The data view has no rows.");
            _rows = produced;
        }
        finally
        {
            stop.Cancel();
            while (queue.TryTake(out var left)) left.Dispose();
            producer.Join();
            while (queue.TryTake(out var left)) left.Dispose();
        }
    }

    private long Produce(int epoch, BlockingCollection<TensorBatch> queue, CancellationToken token)
    {
        IDataView source = _data;
        Random? rand = null;
        if (_options.Shuffle)
        {
            rand = new Random(unchecked((int)EpochSeed(epoch)));
            if (!_data.CanShuffle)
                source = new MLContext(_options.Seed).Data.ShuffleRows(_data, _options.Seed, _options.ShufflePoolRows, shuffleSource: false);
        }
        using var cursor = source.GetRowCursor(_columns.Select(c => source.Schema[c.Column.Name]), rand);
        var readers = _columns.Select(c => BatchColumn.For(source.Schema[c.Column.Name]).Bind(cursor)).ToArray();
        int size = _options.BatchSize, n = 0;
        long total = 0;
        var buffers = readers.Select(r => r.NewBuffer(size)).ToArray();
        void Emit()
        {
            var tensors = new Dictionary<string, torch.Tensor>(StringComparer.Ordinal);
            for (int i = 0; i < readers.Length; i++) tensors[readers[i].Column.Name] = readers[i].ToTensor(buffers[i], n);
            queue.Add(new TensorBatch(tensors, n), token);
            n = 0;
        }
        while (cursor.MoveNext())
        {
            token.ThrowIfCancellationRequested();
            for (int i = 0; i < readers.Length; i++) readers[i].Read(buffers[i], n);
            total++;
            if (++n == size) Emit();
        }
        if (n > 0 && !_options.DropLast) Emit();
        return total;
    }

    /// <summary>Frees the in-memory tensors.</summary>
    public void Dispose()
    {
        if (_memory is null) return;
        foreach (var t in _memory.Values) t.Dispose();
        _memory = null;
    }
}
