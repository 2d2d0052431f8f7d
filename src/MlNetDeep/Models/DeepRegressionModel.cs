using MlNetDeep.Networks;
using MlNetDeep.Schema;
using MlNetDeep.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace MlNetDeep.Models;

/// <summary>A fitted network regressor: adds <c>Score</c> (Single).</summary>
public sealed class DeepRegressionModel : DeepModelBase
{
    internal DeepRegressionModel(nn.Module<Tensor, Tensor> network, long[] inputShape, NetworkSpec? spec, string featureColumnName, TrainingHistory history, Device device)
        : base(network, inputShape, spec, featureColumnName, history, device) { }

    private protected override int OutputWidth => 1;

    private protected override Tensor PostProcess(Tensor output) => output;

    private protected override IReadOnlyList<OutputColumn> MakeOutputColumns(uint scoreSetId) =>
        [OutputColumn.Single("Score", 0, ScoreAnnotations.For(scoreSetId, "Regression", "Score"))];
}
