using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetDeep.Data;

namespace MlNetDeep.Models;

/// <summary>A fitted model as a row-to-row mapper (what prediction engines and transformer chains use): one forward pass per row.</summary>
internal sealed class ScoringMapper(BoundModel bound) : IRowToRowMapper
{
    public DataViewSchema InputSchema => bound.Input;

    public DataViewSchema OutputSchema => bound.Output;

    public IEnumerable<DataViewSchema.Column> GetDependencies(IEnumerable<DataViewSchema.Column> dependingColumns)
    {
        ArgumentNullException.ThrowIfNull(dependingColumns);
        var result = new Dictionary<int, DataViewSchema.Column>();
        foreach (var c in dependingColumns)
        {
            var source = bound.IsAdded(c) ? bound.Feature : bound.Input[c.Index];
            result[source.Index] = source;
        }
        return result.Values;
    }

    public DataViewRow GetRow(DataViewRow input, IEnumerable<DataViewSchema.Column> activeColumns)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(activeColumns);
        return new ScoringRow(bound, input, activeColumns.Where(bound.IsAdded).Select(bound.AddedIndex).ToHashSet());
    }

    private sealed class ScoringRow : DataViewRow
    {
        private readonly BoundModel _bound;
        private readonly DataViewRow _input;
        private readonly HashSet<int> _active;
        private readonly float[] _features, _outputs;
        private BatchColumn? _reader;
        private long _scored = -1;

        internal ScoringRow(BoundModel bound, DataViewRow input, HashSet<int> active)
        {
            (_bound, _input, _active) = (bound, input, active);
            _features = new float[bound.Model.FeatureSize];
            _outputs = new float[bound.Model.Width];
        }

        public override DataViewSchema Schema => _bound.Output;
        public override long Position => _input.Position;
        public override long Batch => _input.Batch;
        public override ValueGetter<DataViewRowId> GetIdGetter() => _input.GetIdGetter();

        public override bool IsColumnActive(DataViewSchema.Column column) =>
            _bound.IsAdded(column) ? _active.Contains(_bound.AddedIndex(column)) : _input.IsColumnActive(_input.Schema[column.Index]);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) =>
            _bound.IsAdded(column) ? _bound.Getter<TValue>(column, Current) : _input.GetGetter<TValue>(_input.Schema[column.Index]);

        private ReadOnlySpan<float> Current()
        {
            // A prediction engine reuses one row for every call, at the same position: score on every read of a new value.
            _reader ??= BatchColumn.For(_input.Schema[_bound.Feature.Index]).Bind(_input);
            long position = _input.Position;
            if (position != _scored || position < 0)
            {
                _reader.Read(_features, 0);
                _bound.Model.Predict(_features, 1, _outputs);
                _scored = position;
            }
            return _outputs;
        }
    }
}
