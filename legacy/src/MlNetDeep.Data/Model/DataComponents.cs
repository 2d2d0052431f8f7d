using System.Runtime.CompilerServices;
using System.Text.Json;
using MlNetDeep.Data.Augmentation;
using MlNetDeep.Data.Images;
using MlNetDeep.Data.TextProcessing;
using MlNetDeep.Data.Transforms;
using MlNetDeep.Model;

namespace MlNetDeep.Data.Model;

/// <summary>Registry names and loaders of the transforms defined in MlNetDeep.Data.</summary>
internal static class DataComponents
{
    internal const string CopyColumns = "CopyColumns";
    internal const string Concatenate = "Concatenate";
    internal const string ValueToKey = "ValueToKey";
    internal const string KeyToValue = "KeyToValue";
    internal const string Normalize = "Normalize";
    internal const string OneHot = "OneHot";
    internal const string OneHotHash = "OneHotHash";
    internal const string ReplaceMissing = "ReplaceMissing";
    internal const string Polynomial = "PolynomialFeatures";
    internal const string LoadImages = "LoadImages";
    internal const string ResizeImages = "ResizeImages";
    internal const string ExtractPixels = "ExtractPixels";
    internal const string TokenizeWords = "TokenizeWords";
    internal const string TokenizeCharacters = "TokenizeCharacters";
    internal const string AugmentImages = "AugmentImages";

    /// <summary>An (output, input) column pair as saved state.</summary>
    internal sealed record Pair(string Output, string Input);

    internal static Pair[] Pairs(OneToOneTransformerBase t) => t.Columns.Select(c => new Pair(c.OutputColumnName, c.InputColumnName)).ToArray();

    internal static (string, string)[] Tuples(Pair[]? pairs, ModelLoadContext c, string entry)
    {
        if (pairs is not { Length: > 0 } || pairs.Any(p => string.IsNullOrEmpty(p?.Output) || string.IsNullOrEmpty(p?.Input)))
            throw c.Error(entry, "column pairs are missing or empty");
        return pairs.Select(p => (p.Output, p.Input)).ToArray();
    }

#pragma warning disable CA2255 // Components must be registered before any model is loaded; ModelRegistry runs this module's initializer.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Register()
    {
        ModelRegistry.Register(CopyColumns, 1, c => new ColumnCopyingTransformer(Tuples(c.ReadJson("state.json", DataJson.Default.Pairs), c, "state.json")));
        ModelRegistry.Register(Concatenate, 1, ColumnConcatenatingTransformer.Load);
        ModelRegistry.Register(ValueToKey, 1, ValueToKeyMappingTransformer.Load);
        ModelRegistry.Register(KeyToValue, 1, c => new KeyToValueMappingTransformer(Tuples(c.ReadJson("state.json", DataJson.Default.Pairs), c, "state.json")));
        ModelRegistry.Register(Normalize, 1, NormalizingTransformer.Load);
        ModelRegistry.Register(OneHot, 1, OneHotEncodingTransformer.Load);
        ModelRegistry.Register(OneHotHash, 1, OneHotHashEncodingTransformer.Load);
        ModelRegistry.Register(ReplaceMissing, 1, ReplaceMissingValuesTransformer.Load);
        ModelRegistry.Register(Polynomial, 1, PolynomialFeaturesTransformer.Load);
        ModelRegistry.Register(LoadImages, 1, ImageLoadingTransformer.Load);
        ModelRegistry.Register(ResizeImages, 1, ImageResizingTransformer.Load);
        ModelRegistry.Register(ExtractPixels, 1, ImagePixelExtractingTransformer.Load);
        ModelRegistry.Register(TokenizeWords, 1, WordTokenizingTransformer.Load);
        ModelRegistry.Register(TokenizeCharacters, 1, CharacterTokenizingTransformer.Load);
        ModelRegistry.Register(AugmentImages, 1, ImageAugmentationTransformer.Load);
    }
}
