using MlNetDeep.Catalogs;

namespace MlNetDeep.Classical.Clustering;

/// <summary>k-means on <c>ctx.Clustering.Trainers</c>: a simple overload and an options overload.</summary>
public static class KMeansCatalog
{
    /// <summary>k-means with k-means++ seeding and <see cref="KMeansOptions.NumberOfRestarts"/> restarts.</summary>
    public static KMeansTrainer KMeans(this ClusteringCatalog.ClusteringTrainers catalog, string featureColumnName = "Features", int numberOfClusters = 5) =>
        KMeans(catalog, new KMeansOptions { FeatureColumnName = featureColumnName, NumberOfClusters = numberOfClusters });

    /// <summary>k-means with full options.</summary>
    public static KMeansTrainer KMeans(this ClusteringCatalog.ClusteringTrainers catalog, KMeansOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new KMeansTrainer(catalog.Context, options);
    }
}
