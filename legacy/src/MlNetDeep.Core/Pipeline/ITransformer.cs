using MlNetDeep.Data;

namespace MlNetDeep;

/// <summary>
/// A fitted step of a pipeline: maps an input view to an output view lazily (nothing is
/// computed until a cursor reads it).
/// </summary>
public interface ITransformer
{
    /// <summary>The schema <see cref="Transform"/> would produce for <paramref name="inputSchema"/>.</summary>
    /// <exception cref="SchemaMismatchException">A needed column is missing or of the wrong type.</exception>
    DataViewSchema GetOutputSchema(DataViewSchema inputSchema);

    /// <summary>A lazy view of <paramref name="input"/> with this step applied.</summary>
    IDataView Transform(IDataView input);
}
