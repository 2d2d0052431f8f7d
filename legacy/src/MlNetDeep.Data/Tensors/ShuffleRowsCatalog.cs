using MlNetDeep.Catalogs;

namespace MlNetDeep.Data;

/// <summary>Row shuffling on <c>ctx.Data</c>.</summary>
public static class ShuffleRowsCatalog
{
    /// <summary>
    /// A view whose every cursor visits the rows in a seeded random order (a new order per
    /// cursor, the same sequence of orders for the same seed). Views that can shuffle (in
    /// memory) are permuted exactly; streams go through a pool of <paramref name="shufflePoolSize"/>
    /// rows, so data larger than memory is shuffled without being loaded whole.
    /// </summary>
    public static IDataView ShuffleRows(this DataOperationsCatalog catalog, IDataView data, int? seed = null, int shufflePoolSize = 10_000)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(shufflePoolSize);
        return new Tensors.ShuffledView(data.CanShuffle ? data : new Tensors.PoolShuffledView(data, shufflePoolSize), seed ?? catalog.Context.NextSeed());
    }
}
