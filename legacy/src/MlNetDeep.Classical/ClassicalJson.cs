using System.Text.Json.Serialization;
using MlNetDeep.Classical.Trees;

namespace MlNetDeep.Classical;

/// <summary>Source-generated JSON for the classical components (no reflection).</summary>
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(XGBoostModel.XGBoostState))]
[JsonSerializable(typeof(Linear.LinearModel.LinearState))]
[JsonSerializable(typeof(Clustering.KMeansModel.KMeansState))]
[JsonSerializable(typeof(Decomposition.PcaTransformer.PcaState))]
[JsonSerializable(typeof(Svm.SvmModel.SvmState))]
[JsonSourceGenerationOptions(UseStringEnumConverter = true)]
internal sealed partial class ClassicalJson : JsonSerializerContext;
