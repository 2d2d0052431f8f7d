namespace MlNetDeep.Data.Tensors;

/// <summary>A view that always shuffles: cursor k uses the seed + k unless the caller passes its own random.</summary>
internal sealed class ShuffledView(IDataView input, int seed) : IDataView
{
    private int _cursors;

    public DataViewSchema Schema => input.Schema;
    public bool CanShuffle => true;
    public long? GetRowCount() => input.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
        input.GetRowCursor(columnsNeeded, rand ?? new Random(unchecked(seed + Interlocked.Increment(ref _cursors) - 1)));
}
