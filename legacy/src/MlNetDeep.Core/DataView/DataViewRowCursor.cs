using MlNetDeep.Data;

namespace MlNetDeep;

/// <summary>Reads a column's value of the current row into <paramref name="value"/> (reusing its buffer when it can).</summary>
public delegate void ValueGetter<TValue>(ref TValue value);

/// <summary>
/// Moves through the rows of an <see cref="IDataView"/>. Call <see cref="MoveNext"/> before
/// reading; getters read the current row. Cursors are not thread-safe; dispose them.
/// </summary>
public abstract class DataViewRowCursor : IDisposable
{
    /// <summary>The schema of the rows.</summary>
    public abstract DataViewSchema Schema { get; }

    /// <summary>Rows moved past so far minus one (-1 before the first MoveNext).</summary>
    public abstract long Position { get; }

    /// <summary>
    /// A stable identifier of the current row within its source (for example its index in
    /// the unshuffled data), the same whatever order a cursor visits rows in. Splits use it
    /// so a row lands in the same fold every time.
    /// </summary>
    public abstract long RowId { get; }

    /// <summary>Advances to the next row; false at the end.</summary>
    public abstract bool MoveNext();

    /// <summary>Whether the cursor can read <paramref name="column"/>.</summary>
    public abstract bool IsColumnActive(DataViewSchema.Column column);

    /// <summary>A getter for <paramref name="column"/>, whose raw type must be <typeparamref name="TValue"/>.</summary>
    /// <exception cref="InvalidOperationException">The column is inactive or of another type; the message names both types.</exception>
    public abstract ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column);

    /// <summary>Releases resources (open files, buffers).</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases resources; override to close what the cursor holds.</summary>
    protected virtual void Dispose(bool disposing) { }

    /// <summary>Checks a getter request and returns a message-bearing exception when it cannot be served.</summary>
    protected void CheckGetter<TValue>(DataViewSchema.Column column)
    {
        if (!IsColumnActive(column))
            throw new InvalidOperationException($"Column '{column.Name}' is not active in this cursor; request it in columnsNeeded.");
        if (column.Type.RawType != typeof(TValue))
            throw new InvalidOperationException($"Column '{column.Name}' has type {column.Type} (raw {column.Type.RawType.Name}); a getter of {typeof(TValue).Name} was requested.");
    }
}
