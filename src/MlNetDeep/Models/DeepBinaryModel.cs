using MlNetDeep.Networks;
using MlNetDeep.Schema;
using MlNetDeep.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace MlNetDeep.Models;

/// <summary>A fitted network binary classifier: adds <c>Score</c> (the logit), <c>Probability</c> (its sigmoid) and <c>PredictedLabel</c> (Score &gt; 0).</summary>
public sealed class DeepBinaryModel : DeepModelBase
{
    internal DeepBinaryModel(nn.Module<Tensor, Tensor> network, long[] inputShape, NetworkSpec? spec, string featureColumnName, TrainingHistory history, Device device)
        : base(network, inputShape, spec, featureColumnName, history, device) { }

    private protected override int OutputWidth => 2;

    private protected override Tensor PostProcess(Tensor output) => cat([output, output.sigmoid()], 1); // [B, 2]: logit, probability

    private protected override IReadOnlyList<OutputColumn> MakeOutputColumns(uint scoreSetId)
    {
        const string kind = "BinaryClassification";
        return
        [
            OutputColumn.Single("Score", 0, ScoreAnnotations.For(scoreSetId, kind, "Score")),
            OutputColumn.Single("Probability", 1, ScoreAnnotations.For(scoreSetId, kind, "Probability", normalized: true)),
            OutputColumn.Boolean("PredictedLabel", 0, 0f, ScoreAnnotations.For(scoreSetId, kind, "PredictedLabel")),
        ];
    }
}
