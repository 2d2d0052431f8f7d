using System.Reflection;
using System.Runtime.CompilerServices;

namespace MlNetDeep.Cli.Specs;

/// <summary>The machine-learning task of a pipeline: which catalog its trainer comes from and how it is evaluated.</summary>
internal enum PipelineTask { Multiclass, Binary, Regression, Clustering, AnomalyDetection, MultiLabel }

/// <summary>
/// What a spec can name: the methods of our catalogs (the context's trainers per task, its
/// transforms and sub-catalogs, its data loaders), found once by reflection over the
/// MlNetDeep assemblies. A trainer or transform that a later issue adds to a catalog has a
/// spec form with no change here.
/// </summary>
internal static class ComponentCatalog
{
    private static readonly Assembly[] s_assemblies =
    [
        typeof(MLContext).Assembly, typeof(Data.Idx.FashionMnist).Assembly, typeof(Deep.Trainers.DeepTrainersCatalog).Assembly,
        typeof(Classical.Trees.XGBoostCatalog).Assembly,
    ];

    private static readonly Lazy<ILookup<Type, MethodInfo>> s_extensions = new(() =>
        s_assemblies.SelectMany(a => a.GetExportedTypes())
            .Where(t => t.IsAbstract && t.IsSealed)
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static))
            .Where(m => m.IsDefined(typeof(ExtensionAttribute), false) && !m.IsGenericMethodDefinition)
            .ToLookup(m => m.GetParameters()[0].ParameterType));

    /// <summary>The trainers catalog of <paramref name="task"/>.</summary>
    public static object Trainers(MLContext ctx, PipelineTask task) => task switch
    {
        PipelineTask.Multiclass => ctx.MulticlassClassification.Trainers,
        PipelineTask.Binary => ctx.BinaryClassification.Trainers,
        PipelineTask.Regression => ctx.Regression.Trainers,
        PipelineTask.Clustering => ctx.Clustering.Trainers,
        PipelineTask.AnomalyDetection => ctx.AnomalyDetection.Trainers,
        _ => ctx.MultiLabelClassification.Trainers,
    };

    /// <summary>The transforms catalog and its sub-catalogs (conversion, categorical, text).</summary>
    public static IEnumerable<object> TransformCatalogs(MLContext ctx) => [ctx.Transforms, ctx.Transforms.Conversion, ctx.Transforms.Categorical, ctx.Transforms.Text];

    /// <summary>Methods callable on <paramref name="catalog"/> that return <typeparamref name="TResult"/>: its public instance methods and our extension methods on its type.</summary>
    public static IEnumerable<MethodInfo> Methods<TResult>(object catalog)
    {
        var type = catalog.GetType();
        return type.GetMethods(BindingFlags.Public | BindingFlags.Instance).Where(m => !m.IsSpecialName && !m.IsGenericMethodDefinition && m.DeclaringType != typeof(object))
            .Concat(s_extensions.Value[type])
            .Where(m => typeof(TResult).IsAssignableFrom(m.ReturnType));
    }

    /// <summary>Names of <see cref="Methods{TResult}"/>, for hints and the schema.</summary>
    public static IEnumerable<string> Names<TResult>(object catalog) => Methods<TResult>(catalog).Select(m => m.Name).Distinct().Order(StringComparer.Ordinal);

    /// <summary>The overloads named <paramref name="name"/> (any case, with or without underscores).</summary>
    public static List<MethodBase> Find<TResult>(object catalog, string name) =>
        Methods<TResult>(catalog).Where(m => Suggest.Normalize(m.Name) == Suggest.Normalize(name)).Cast<MethodBase>().ToList();
}
