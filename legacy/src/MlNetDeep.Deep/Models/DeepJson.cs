using System.Text.Json.Serialization;

namespace MlNetDeep.Deep.Models;

/// <summary>Compile-time JSON metadata for the saved states of the Deep components.</summary>
[JsonSourceGenerationOptions(MaxDepth = 64)]
[JsonSerializable(typeof(NeuralModelBase.NetworkState), TypeInfoPropertyName = "NetworkState")]
[JsonSerializable(typeof(string[]), TypeInfoPropertyName = "StringArray")]
[JsonSerializable(typeof(Generative.GanCondition), TypeInfoPropertyName = "GanCondition")]
[JsonSerializable(typeof(int[]), TypeInfoPropertyName = "Int32Array")]
internal sealed partial class DeepJson : JsonSerializerContext;
