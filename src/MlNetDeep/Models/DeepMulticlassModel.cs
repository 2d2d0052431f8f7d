using Microsoft.ML.Data;
using MlNetDeep.Networks;
using MlNetDeep.Schema;
using MlNetDeep.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace MlNetDeep.Models;

/// <summary>
/// A fitted network classifier. Adds <c>Score</c> (Vector&lt;Single, K&gt;: the softmax of the
/// network's outputs, slots named by the classes) and <c>PredictedLabel</c> (Key&lt;UInt32, K&gt;
/// carrying the training label's key values, so <c>MapKeyToValue("PredictedLabel")</c> gives back the class).
/// </summary>
public sealed class DeepMulticlassModel : DeepModelBase
{
    private readonly LabelValues _classes;

    internal DeepMulticlassModel(nn.Module<Tensor, Tensor> network, long[] inputShape, NetworkSpec? spec, string featureColumnName, TrainingHistory history, Device device,
        LabelValues classes) : base(network, inputShape, spec, featureColumnName, history, device) => _classes = classes;

    /// <summary>The classes, in key order, as text.</summary>
    public IReadOnlyList<string> ClassNames => _classes.Names;

    private protected override int OutputWidth => _classes.Count;

    private protected override Tensor PostProcess(Tensor output) => nn.functional.softmax(output, 1);

    private protected override IReadOnlyList<OutputColumn> MakeOutputColumns(uint scoreSetId)
    {
        const string kind = "MulticlassClassification";
        var slotNames = LabelValues.FromText(_classes.Names);
        return
        [
            OutputColumn.Vector("Score", 0, _classes.Count, ScoreAnnotations.For(scoreSetId, kind, "Score", b =>
            {
                slotNames.AddTo(b, AnnotationKinds.SlotNames);
                _classes.AddTo(b, AnnotationKinds.TrainingLabelValues);
            })),
            OutputColumn.ArgMaxKey("PredictedLabel", 0, _classes.Count, ScoreAnnotations.For(scoreSetId, kind, "PredictedLabel", b => _classes.AddTo(b, AnnotationKinds.KeyValues))),
        ];
    }
}
