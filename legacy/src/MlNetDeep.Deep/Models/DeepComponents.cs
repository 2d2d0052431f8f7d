using System.Runtime.CompilerServices;
using MlNetDeep.Model;

namespace MlNetDeep.Deep.Models;

/// <summary>Registry names and loaders of the components defined in MlNetDeep.Deep.</summary>
internal static class DeepComponents
{
    internal const string NeuralClassifier = "NeuralClassifier";
    internal const string NeuralRegression = "NeuralRegression";
    internal const string NeuralBinaryClassifier = "NeuralBinaryClassifier";
    internal const string NeuralMultiLabel = "NeuralMultiLabel";
    internal const string CharLanguageModel = "CharLanguageModel";
    internal const string Autoencoder = "Autoencoder";
    internal const string Gan = "Gan";
    internal const string ConditionalGan = "ConditionalGan";
    internal const string NetworkFeatures = "NetworkFeatures";

#pragma warning disable CA2255 // Components must be registered before any model is loaded; ModelRegistry runs this module's initializer.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Register()
    {
        ModelRegistry.Register(NeuralClassifier, 1, NeuralClassifierModel.Load);
        ModelRegistry.Register(NeuralRegression, 1, NeuralRegressionModel.Load);
        ModelRegistry.Register(NeuralBinaryClassifier, 1, NeuralBinaryClassifierModel.Load);
        ModelRegistry.Register(NeuralMultiLabel, 1, NeuralMultiLabelModel.Load);
        ModelRegistry.Register(CharLanguageModel, 1, Language.CharLanguageModel.Load);
        ModelRegistry.Register(Autoencoder, 1, Autoencoders.AutoencoderModel.Load);
        ModelRegistry.Register(Gan, 1, Generative.GanModel.Load);
        ModelRegistry.Register(ConditionalGan, 1, Generative.GanModel.LoadConditional);
        ModelRegistry.Register(NetworkFeatures, 1, Transfer.NetworkFeaturesModel.Load);
    }
}
