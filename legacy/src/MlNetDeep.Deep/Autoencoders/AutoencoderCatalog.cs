using MlNetDeep.Catalogs;

namespace MlNetDeep.Deep.Autoencoders;

/// <summary>The autoencoder as a transform: <c>ctx.Transforms.Autoencoder(...)</c> adds Embedding, Reconstruction and ReconstructionError.</summary>
public static class AutoencoderCatalog
{
    /// <summary>A dense autoencoder on <paramref name="featureColumnName"/> with a code of <paramref name="bottleneckSize"/> values (denoising with <paramref name="noiseStd"/> &gt; 0).</summary>
    public static AutoencoderTrainer Autoencoder(this TransformsCatalog catalog, string featureColumnName = "Features", int bottleneckSize = 32, int epochs = 10, double noiseStd = 0)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var defaults = new AutoencoderOptions();
        return new AutoencoderTrainer(catalog.Context, defaults with
        {
            FeatureColumnName = featureColumnName, BottleneckSize = bottleneckSize, NoiseStd = noiseStd, Training = defaults.Training with { Epochs = epochs },
        });
    }

    /// <summary>An autoencoder with every option.</summary>
    public static AutoencoderTrainer Autoencoder(this TransformsCatalog catalog, AutoencoderOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new AutoencoderTrainer(catalog.Context, options);
    }
}
