using System.Text.Json.Serialization;

namespace MlNetDeep.Classical;

/// <summary>Source-generated JSON for the classical components (no reflection).</summary>
[JsonSerializable(typeof(string[]))]
internal sealed partial class ClassicalJson : JsonSerializerContext;
