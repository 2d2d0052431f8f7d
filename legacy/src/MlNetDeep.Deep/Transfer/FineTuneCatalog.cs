using MlNetDeep.Catalogs;
using MlNetDeep.Deep.Trainers;

namespace MlNetDeep.Deep.Transfer;

/// <summary>
/// Transfer learning on <c>ctx.MulticlassClassification.Trainers</c>: fine-tune a trained
/// network on new classes. The result is an ordinary <see cref="Models.NeuralClassifierModel"/>
/// (saved, loaded and served like any other).
/// </summary>
public static class FineTuneCatalog
{
    /// <summary>
    /// Fine-tunes <paramref name="backbone"/> on the label's classes: by default a new head, every
    /// layer training, the backbone at a tenth of the head's learning rate. See
    /// <see cref="FineTuneOptions"/> for freezing, gradual unfreezing and keeping the head.
    /// </summary>
    public static NeuralClassificationTrainer FineTune(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, Backbone backbone, FineTuneOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(backbone);
        options ??= new FineTuneOptions();
        options.Validate();
        return new NeuralClassificationTrainer(catalog.Context, options, new FineTuning(backbone, options));
    }

    /// <summary>Fine-tunes the deep model saved in the model zip at <paramref name="backbonePath"/> (the form a pipeline spec writes).</summary>
    public static NeuralClassificationTrainer FineTune(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, string backbonePath, FineTuneOptions? options = null) =>
        FineTune(catalog, Backbone.FromModelFile(backbonePath), options);
}
