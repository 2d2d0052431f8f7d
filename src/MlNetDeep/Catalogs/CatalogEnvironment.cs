using System.Runtime.CompilerServices;
using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace MlNetDeep.Catalogs;

/// <summary>
/// The ML.NET environment behind a trainers catalog (<c>ml.MulticlassClassification.Trainers</c>),
/// whose host seeds the trainers from the MLContext's seed and carries their log messages to
/// <c>ml.Log</c>. ML.NET 6 reaches it through members it keeps internal (its own catalog
/// extensions, LightGbm's among them, use InternalsVisibleTo); <see cref="UnsafeAccessorAttribute"/>
/// reads the same two properties. A renamed member fails at the first call with
/// <see cref="MissingMethodException"/>, which every catalog test would show.
/// </summary>
internal static class CatalogEnvironment
{
    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "get_Owner")]
    private static extern TrainCatalogBase Owner(TrainCatalogBase.CatalogInstantiatorBase catalog);

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "get_Environment")]
    private static extern IHostEnvironment Environment(TrainCatalogBase catalog);

    /// <summary>The environment of <paramref name="catalog"/>.</summary>
    internal static IHostEnvironment Of(TrainCatalogBase.CatalogInstantiatorBase catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return Environment(Owner(catalog));
    }
}
