using MlNetDeep.Networks;
using MlNetDeep.Schema;
using MlNetDeep.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace MlNetDeep.Models;

/// <summary>A fitted network multi-label classifier: adds <c>Score</c> (each label's probability) and <c>PredictedLabel</c> (Vector&lt;Boolean&gt;: probability above <see cref="Threshold"/>).</summary>
public sealed class DeepMultiLabelModel : DeepModelBase
{
    private readonly LabelValues _labels;

    internal DeepMultiLabelModel(nn.Module<Tensor, Tensor> network, long[] inputShape, NetworkSpec? spec, string featureColumnName, TrainingHistory history, Device device,
        LabelValues labels, float threshold) : base(network, inputShape, spec, featureColumnName, history, device) => (_labels, Threshold) = (labels, threshold);

    /// <summary>The labels' names, in slot order.</summary>
    public IReadOnlyList<string> LabelNames => _labels.Names;

    /// <summary>The probability above which a label is predicted.</summary>
    public float Threshold { get; }

    private protected override int OutputWidth => _labels.Count;

    private protected override Tensor PostProcess(Tensor output) => output.sigmoid();

    private protected override IReadOnlyList<OutputColumn> MakeOutputColumns(uint scoreSetId)
    {
        const string kind = "MultiLabelClassification";
        return
        [
            OutputColumn.Vector("Score", 0, _labels.Count, ScoreAnnotations.For(scoreSetId, kind, "Score", b => _labels.AddTo(b, AnnotationKinds.SlotNames))),
            OutputColumn.BooleanVector("PredictedLabel", 0, _labels.Count, Threshold, ScoreAnnotations.For(scoreSetId, kind, "PredictedLabel", b => _labels.AddTo(b, AnnotationKinds.SlotNames))),
        ];
    }
}
