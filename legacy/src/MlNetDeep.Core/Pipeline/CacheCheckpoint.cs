using MlNetDeep.Data;
using MlNetDeep.Model;

namespace MlNetDeep;

/// <summary>
/// A pipeline step that, while the estimators after it are fitted, keeps its input in memory
/// the first time it is read, so they (and repeated epochs) do not recompute or re-parse the
/// steps before it. At inference it passes data through (a fitted pipeline scoring new rows
/// must not replay cached ones). Append with <see cref="CacheCheckpointExtensions.AppendCacheCheckpoint{TLast}"/>.
/// </summary>
public sealed class CacheCheckpoint : IModelComponent, ITrainingTimeTransformer, IEstimator<CacheCheckpoint>
{
    /// <inheritdoc />
    public string ComponentName => CoreComponents.Cache;

    /// <inheritdoc />
    public void Save(ModelSaveContext context) => ArgumentNullException.ThrowIfNull(context);

    /// <inheritdoc />
    public CacheCheckpoint Fit(IDataView input) => this;

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema) => inputSchema;

    /// <inheritdoc />
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => inputSchema;

    /// <inheritdoc />
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input;
    }

    /// <inheritdoc />
    public IDataView TransformForTraining(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input is InMemoryDataView ? input : new LazyCache(input);
    }

    private sealed class LazyCache(IDataView input) : IDataView
    {
        private readonly Lazy<InMemoryDataView> _data = new(() => DataViewCache.Materialize(input));
        public DataViewSchema Schema => input.Schema;
        public bool CanShuffle => true;
        public long? GetRowCount() => _data.IsValueCreated ? _data.Value.RowCount : input.GetRowCount();
        public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
            _data.Value.GetRowCursor(columnsNeeded.Select(c => _data.Value.Schema[c.Index]), rand);
    }
}

/// <summary>Appends a <see cref="CacheCheckpoint"/> to an estimator chain.</summary>
public static class CacheCheckpointExtensions
{
    /// <summary>Caches the data at this point of the pipeline while fitting and transforming (ML.NET's AppendCacheCheckpoint).</summary>
    public static EstimatorChain<CacheCheckpoint> AppendCacheCheckpoint<TLast>(this IEstimator<TLast> estimator, MLContext context) where TLast : class, ITransformer
    {
        ArgumentNullException.ThrowIfNull(estimator);
        ArgumentNullException.ThrowIfNull(context);
        return estimator is EstimatorChain<TLast> chain ? chain.Append(new CacheCheckpoint()) : estimator.Append(new CacheCheckpoint());
    }
}
