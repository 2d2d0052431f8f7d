using MlNetDeep.Catalogs;

namespace MlNetDeep.Classical.Decomposition;

/// <summary>PCA on <c>ctx.Transforms</c> under ML.NET's name, with a simple overload and an options overload.</summary>
public static class PcaCatalog
{
    /// <summary>Projects <paramref name="inputColumnName"/> (default: the output column) onto its top <paramref name="rank"/> principal axes.</summary>
    public static PcaEstimator ProjectToPrincipalComponents(this TransformsCatalog catalog, string outputColumnName, string? inputColumnName = null, int rank = 20,
        bool whiten = false) =>
        ProjectToPrincipalComponents(catalog, new PcaOptions { OutputColumnName = outputColumnName, InputColumnName = inputColumnName ?? outputColumnName, Rank = rank, Whiten = whiten });

    /// <summary>PCA with full options.</summary>
    public static PcaEstimator ProjectToPrincipalComponents(this TransformsCatalog catalog, PcaOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new PcaEstimator(catalog.Context, options);
    }
}
