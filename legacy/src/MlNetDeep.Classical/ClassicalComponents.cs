using System.Runtime.CompilerServices;
using MlNetDeep.Classical.Clustering;
using MlNetDeep.Classical.Linear;
using MlNetDeep.Classical.Trees;
using MlNetDeep.Model;

namespace MlNetDeep.Classical;

/// <summary>Registry names and loaders of the components defined in MlNetDeep.Classical.</summary>
internal static class ClassicalComponents
{
    internal const string XGBoost = "XGBoost";
    internal const string Linear = "Linear";
    internal const string KMeans = "KMeans";
    internal const string Pca = "Pca";
    internal const string Svm = "Svm";

#pragma warning disable CA2255 // Components must be registered before any model is loaded; ModelRegistry runs this module's initializer.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Register()
    {
        ModelRegistry.Register(XGBoost, 1, XGBoostModel.Load);
        ModelRegistry.Register(Linear, 1, LinearModel.Load);
        ModelRegistry.Register(KMeans, 1, KMeansModel.Load);
        ModelRegistry.Register(Pca, 1, Decomposition.PcaTransformer.Load);
        ModelRegistry.Register(Svm, 1, MlNetDeep.Classical.Svm.SvmModel.Load);
    }
}
