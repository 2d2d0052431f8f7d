using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetDeep.Data;

namespace MlNetDeep.Models;

/// <summary>
/// The data view a fitted model's Transform returns: the input's rows with the model's columns
/// added. Its cursor runs the network on batches of rows: a second cursor over the feature
/// column, created with the same order (the same seed when shuffled), reads ahead one batch at
/// a time, so every input column passes through untouched and nothing is cached per type.
/// </summary>
internal sealed class ScoredDataView(BoundModel bound, IDataView input) : IDataView
{
    public DataViewSchema Schema => bound.Output;

    public bool CanShuffle => input.CanShuffle;

    public long? GetRowCount() => input.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        ArgumentNullException.ThrowIfNull(columnsNeeded);
        var needed = columnsNeeded.ToList();
        var inputNeeded = needed.Where(c => !bound.IsAdded(c)).Select(c => input.Schema[c.Index]).ToList();
        bool scoring = needed.Any(bound.IsAdded);
        int? seed = rand?.Next();
        var main = input.GetRowCursor(inputNeeded, seed is int s ? new Random(s) : null);
        var ahead = scoring ? input.GetRowCursor([input.Schema[bound.Feature.Index]], seed is int t ? new Random(t) : null) : null;
        return new ScoringCursor(bound, main, ahead, needed.Where(bound.IsAdded).Select(bound.AddedIndex).ToHashSet());
    }

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) => [GetRowCursor(columnsNeeded, rand)];

    /// <summary>The cursor: input columns from the main cursor, added columns from batched forward passes.</summary>
    private sealed class ScoringCursor : DataViewRowCursor
    {
        private readonly BoundModel _bound;
        private readonly DataViewRowCursor _main;
        private readonly DataViewRowCursor? _ahead;
        private readonly BatchColumn? _features;
        private readonly HashSet<int> _active;
        private readonly float[] _inputs = [], _outputs = [];
        private readonly int _width;
        private long _batchStart, _batchCount;

        internal ScoringCursor(BoundModel bound, DataViewRowCursor main, DataViewRowCursor? ahead, HashSet<int> active)
        {
            (_bound, _main, _ahead, _active, _width) = (bound, main, ahead, active, bound.Model.Width);
            if (ahead is not null)
            {
                _features = BatchColumn.For(ahead.Schema[bound.Feature.Index]).Bind(ahead);
                _inputs = new float[DeepModelBase.InferenceBatchSize * bound.Model.FeatureSize];
                _outputs = new float[DeepModelBase.InferenceBatchSize * _width];
            }
        }

        public override DataViewSchema Schema => _bound.Output;
        public override long Position => _main.Position;
        public override long Batch => _main.Batch;
        public override ValueGetter<DataViewRowId> GetIdGetter() => _main.GetIdGetter();
        public override bool MoveNext() => _main.MoveNext();

        public override bool IsColumnActive(DataViewSchema.Column column) =>
            _bound.IsAdded(column) ? _active.Contains(_bound.AddedIndex(column)) : _main.IsColumnActive(_main.Schema[column.Index]);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (!_bound.IsAdded(column)) return _main.GetGetter<TValue>(_main.Schema[column.Index]);
            if (!_active.Contains(_bound.AddedIndex(column))) throw new InvalidOperationException($"Column '{column.Name}' was not requested from this cursor.");
            return _bound.Getter<TValue>(column, Current);
        }

        private ReadOnlySpan<float> Current()
        {
            long p = _main.Position;
            if (p < 0) throw new InvalidOperationException("The cursor is not on a row (call MoveNext first).");
            while (p >= _batchStart + _batchCount) NextBatch();
            return _outputs.AsSpan(checked((int)((p - _batchStart) * _width)), _width);
        }

        private void NextBatch()
        {
            _batchStart += _batchCount;
            int n = 0;
            while (n < DeepModelBase.InferenceBatchSize && _ahead!.MoveNext()) _features!.Read(_inputs, n++);
            if (n == 0) throw new InvalidOperationException("The data view returned fewer rows to a second cursor than to the first; it must give every cursor the same rows.");
            _bound.Model.Predict(_inputs, n, _outputs);
            _batchCount = n;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _main.Dispose();
                _ahead?.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
