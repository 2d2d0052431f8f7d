using MlNetDeep.Deep.Networks;
using MlNetDeep.Deep.Training;
using MlNetDeep.Torch;
using MlNetDeep.Torch.Nn;
using MlNetDeep.Torch.Optim;

namespace MlNetDeep.Deep.Transfer;

/// <summary>
/// The network side of fine-tuning: the backbone's spec with a new (or kept) head, its trained
/// weights copied in, the head and the backbone in two parameter groups, and at each epoch the
/// frozen layers (by trainable-block count, gradual schedule and name patterns) set to no
/// gradient and inference mode.
/// </summary>
internal sealed class FineTuning(Backbone backbone, FineTuneOptions options) : NetworkSetup
{
    private readonly int[] _blocks = NetworkLayers.Blocks(backbone.Spec);
    private int _headStart = -1;
    private HashSet<int> _pinned = [];

    /// <summary>Blocks below the head.</summary>
    private int BackboneBlocks => _blocks[^1];

    internal override NetworkSpec Spec(int[] featureShape, int outputs, string labelColumn, NetworkSpec? requested)
    {
        var layers = backbone.Spec.Layers;
        _headStart = Array.IndexOf(_blocks, _blocks[^1]);
        _pinned = (options.FreezeLayers ?? []).SelectMany(p => NetworkLayers.Matching(backbone.Spec, p)).ToHashSet();
        if (BackboneBlocks == 0) throw new ArgumentException($"The backbone from {backbone.Source} has a single block; fine-tuning needs layers below the head.");
        if (!options.ReplaceHead)
        {
            long have = NetworkShapes.Of(backbone.Spec).OutputShape is [var k] ? k : -1;
            if (have != outputs)
                throw new ArgumentException($"Class-count mismatch: the backbone's head outputs {have} scores but label '{labelColumn}' has {outputs} classes. Set ReplaceHead = true to train a new head for them.");
            return backbone.Spec;
        }
        var head = layers[_headStart];
        if (head.Type != "Linear")
            throw new ArgumentException($"The backbone's last block starts with {head.Type} ({NetworkLayers.Names(backbone.Spec)[_headStart]}); a head that can be replaced is a Linear layer.");
        if (_pinned.Contains(_headStart)) throw new ArgumentException("FreezeLayers matches the head; the new head must train.");
        return backbone.Spec with { Layers = [.. layers[.._headStart], new LayerSpec("Linear", In: head.In, Out: outputs)] };
    }

    internal override void Initialize(Sequential net)
    {
        backbone.LoadInto(net, layer => !options.ReplaceHead || layer < _headStart, strict: false);
    }

    internal override IEnumerable<ParamGroup> Groups(Sequential net, DeepTrainerOptions o)
    {
        var body = Enumerable.Range(0, _headStart).SelectMany(i => net[i].Parameters()).ToList();
        var head = Enumerable.Range(_headStart, net.Count - _headStart).SelectMany(i => net[i].Parameters()).ToList();
        var groups = new List<ParamGroup> { new(head) };
        if (body.Count > 0) groups.Add(new ParamGroup(body, o.LearningRate * options.BackboneLearningRateFactor));
        return groups;
    }

    /// <summary>How many blocks below the head train in <paramref name="epoch"/>.</summary>
    internal int TrainableBlocksAt(int epoch)
    {
        int start = options.TrainableBlocks ?? (options.UnfreezeEveryEpochs > 0 ? 0 : BackboneBlocks);
        int more = options.UnfreezeEveryEpochs > 0 ? (epoch - 1) / options.UnfreezeEveryEpochs : 0;
        return Math.Min(BackboneBlocks, start + more);
    }

    internal override void BeginEpoch(Sequential net, int epoch)
    {
        int firstTrainable = BackboneBlocks - TrainableBlocksAt(epoch);
        for (int i = 0; i < _headStart; i++)
        {
            bool frozen = _blocks[i] < firstTrainable || _pinned.Contains(i);
            var layer = net[i];
            foreach (var p in layer.Parameters()) p.RequiresGrad = !frozen;
            foreach (var (_, m) in layer.NamedModules()) m.InferenceOnly = frozen;
            if (!frozen) layer.Train(net.IsTraining);
        }
    }
}
