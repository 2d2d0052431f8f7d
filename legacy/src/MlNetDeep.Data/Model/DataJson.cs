using System.Text.Json.Serialization;
using MlNetDeep.Data.Augmentation;
using MlNetDeep.Data.Images;
using MlNetDeep.Data.TextProcessing;
using MlNetDeep.Data.Transforms;

namespace MlNetDeep.Data.Model;

/// <summary>Compile-time JSON metadata for the saved states of the Data transforms (no run-time serializer generation when a model loads).</summary>
[JsonSourceGenerationOptions(MaxDepth = 64)]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(DataComponents.Pair[]), TypeInfoPropertyName = "Pairs")]
[JsonSerializable(typeof(KeyMap.State[]), TypeInfoPropertyName = "KeyMaps")]
[JsonSerializable(typeof(SlotNormalizer[][]), TypeInfoPropertyName = "SlotNormalizers")]
[JsonSerializable(typeof(float[][]), TypeInfoPropertyName = "Fills")]
[JsonSerializable(typeof(ColumnConcatenatingTransformer.State), TypeInfoPropertyName = "ConcatenateState")]
[JsonSerializable(typeof(OneHotHashEncodingTransformer.State), TypeInfoPropertyName = "OneHotHashState")]
[JsonSerializable(typeof(PolynomialFeaturesTransformer.State), TypeInfoPropertyName = "PolynomialState")]
[JsonSerializable(typeof(ImageLoadingTransformer.State), TypeInfoPropertyName = "LoadImagesState")]
[JsonSerializable(typeof(ImageResizingTransformer.State), TypeInfoPropertyName = "ResizeImagesState")]
[JsonSerializable(typeof(ImagePixelExtractingTransformer.State), TypeInfoPropertyName = "ExtractPixelsState")]
[JsonSerializable(typeof(WordTokenizingTransformer.State), TypeInfoPropertyName = "TokenizeWordsState")]
[JsonSerializable(typeof(CharacterTokenizingTransformer.State), TypeInfoPropertyName = "TokenizeCharactersState")]
[JsonSerializable(typeof(ImageAugmentationTransformer.State), TypeInfoPropertyName = "AugmentImagesState")]
internal sealed partial class DataJson : JsonSerializerContext;
