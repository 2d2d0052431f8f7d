using System.Text.Json.Serialization;

namespace MlNetDeep.Model;

/// <summary>
/// Compile-time JSON metadata for the manifest and Core's component states, so that loading a
/// model does not generate serializers by reflection at run time.
/// </summary>
[JsonSourceGenerationOptions(MaxDepth = 64)]
[JsonSerializable(typeof(ModelManifest))]
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(ColumnSelectingTransformer.State))]
internal sealed partial class CoreJson : JsonSerializerContext;
