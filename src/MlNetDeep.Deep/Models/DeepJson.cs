using System.Text.Json.Serialization;

namespace MlNetDeep.Deep.Models;

/// <summary>Compile-time JSON metadata for the saved states of the Deep components.</summary>
[JsonSourceGenerationOptions(MaxDepth = 64)]
[JsonSerializable(typeof(NeuralClassifierModel.State), TypeInfoPropertyName = "NeuralClassifierState")]
internal sealed partial class DeepJson : JsonSerializerContext;
