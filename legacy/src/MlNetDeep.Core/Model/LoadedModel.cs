using MlNetDeep.Data;

namespace MlNetDeep.Model;

/// <summary>A model read from a zip with what the zip says about it.</summary>
/// <param name="Model">The fitted pipeline.</param>
/// <param name="InputSchema">The schema of the data it expects.</param>
/// <param name="Provenance">Training options and metrics recorded when it was saved.</param>
/// <param name="LibraryVersion">The MlNetDeep version that wrote it.</param>
/// <param name="FormatVersion">The format version of the zip.</param>
/// <param name="Components">Component names in the zip, by id.</param>
public sealed record LoadedModel(ITransformer Model, DataViewSchema InputSchema, ModelProvenance Provenance, string LibraryVersion, int FormatVersion,
    IReadOnlyDictionary<string, string> Components);
