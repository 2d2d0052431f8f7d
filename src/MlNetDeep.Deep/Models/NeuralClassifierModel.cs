using System.Runtime.CompilerServices;
using MlNetDeep.Data;
using MlNetDeep.Data.Tensors;
using MlNetDeep.Deep.Networks;
using MlNetDeep.Model;
using MlNetDeep.Torch;
using MlNetDeep.Torch.Nn;

namespace MlNetDeep.Deep.Models;

/// <summary>
/// A fitted neural classifier as a pipeline component: reads a Vector&lt;Single&gt; feature
/// column shaped like the network's input and adds <c>Score</c> (class probabilities, a
/// softmax of the network's outputs) and <c>PredictedLabel</c> (a key named by the classes).
/// Runs in evaluation mode without gradients; safe to score from several threads. A network
/// that is a single linear layer is evaluated in managed code (no native call per row).
/// Saved in a model zip as its <see cref="NetworkSpec"/> plus its weights (engine tensor file).
/// </summary>
public sealed class NeuralClassifierModel : RowToRowTransformerBase, IModelComponent, IDisposable
{
    private readonly Sequential _net;
    private readonly float[]? _linearWeights, _linearBias; // single-Linear fast path: [out, in], [out]
    private readonly ConditionalWeakTable<DataViewRowCursor, RowScorer> _scorers = new();

    /// <summary>Wraps a network (the model takes ownership of it) that maps one example of <paramref name="spec"/>'s input shape to one score per class.</summary>
    /// <exception cref="ArgumentException">The network's output does not have one value per class.</exception>
    public NeuralClassifierModel(NetworkSpec spec, Sequential network, string featureColumnName, IReadOnlyList<string> classNames)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(network);
        ArgumentException.ThrowIfNullOrEmpty(featureColumnName);
        ArgumentNullException.ThrowIfNull(classNames);
        if (classNames.Count < 2) throw new ArgumentException($"A classifier needs at least 2 classes; got {classNames.Count}.", nameof(classNames));
        long[] outShape = spec.OutputShape(network);
        if (outShape.Length != 1 || outShape[0] != classNames.Count)
            throw new ArgumentException($"The network outputs [{string.Join(", ", outShape)}] per example; {classNames.Count} classes need [{classNames.Count}].", nameof(network));
        (Spec, _net, FeatureColumnName, ClassNames) = (spec, network, featureColumnName, classNames.ToArray());
        _net.Eval();
        InputSize = spec.InputShape.Aggregate(1, (a, b) => checked(a * b));
        if (spec.Layers is [{ Type: "Linear" }])
        {
            var lin = (Linear)_net[0];
            _linearWeights = lin.Weight.ToArray<float>();
            _linearBias = lin.Bias?.ToArray<float>() ?? new float[classNames.Count];
        }
    }

    /// <summary>The network's specification.</summary>
    public NetworkSpec Spec { get; }
    /// <summary>The feature column read.</summary>
    public string FeatureColumnName { get; }
    /// <summary>The class names, by class index.</summary>
    public IReadOnlyList<string> ClassNames { get; }
    /// <summary>Values per example.</summary>
    public int InputSize { get; }
    /// <summary>The last epoch's training logs when the model was trained in this process (not saved).</summary>
    public Training.TrainingLogs? TrainingLogs { get; init; }

    /// <summary>The network (owned by the model; in evaluation mode).</summary>
    public Sequential Network => _net;

    /// <inheritdoc />
    protected override IReadOnlyList<MappedColumn> MapColumns(DataViewSchema input)
    {
        var col = input.GetColumnOrNull(FeatureColumnName) ?? throw new SchemaMismatchException(FeatureColumnName, $"Vector<Single, {InputSize}>", null);
        if (col.Type is not VectorDataViewType { IsKnownSize: true } v || v.ItemType != NumberDataViewType.Single || v.Size != InputSize)
            throw new SchemaMismatchException(FeatureColumnName, $"Vector<Single, {InputSize}>", col.Type.ToString());
        int k = ClassNames.Count;
        string[] names = ClassNames.ToArray();
        return
        [
            new MappedColumn("Score", new VectorDataViewType(NumberDataViewType.Single, k), new Dictionary<string, object> { [AnnotationNames.SlotNames] = names }, [col], c =>
            {
                var s = Scorer(c, col);
                return (ValueGetter<VBuffer<float>>)((ref VBuffer<float> dst) =>
                {
                    float[] p = s.Probabilities();
                    float[] buf = dst.Reuse(k);
                    p.CopyTo(buf, 0);
                    dst = new VBuffer<float>(k, buf);
                });
            }),
            new MappedColumn("PredictedLabel", new KeyDataViewType((ulong)k), new Dictionary<string, object> { [AnnotationNames.KeyValues] = names }, [col], c =>
            {
                var s = Scorer(c, col);
                return (ValueGetter<uint>)((ref uint key) => key = s.Best() + 1);
            }),
        ];
    }

    private RowScorer Scorer(DataViewRowCursor cursor, DataViewSchema.Column col) =>
        _scorers.GetValue(cursor, c => new RowScorer(this, c, c.GetGetter<VBuffer<float>>(col)));

    /// <summary>Class probabilities of one example (length <see cref="InputSize"/>).</summary>
    public float[] Predict(ReadOnlySpan<float> example)
    {
        if (example.Length != InputSize) throw new ArgumentException($"An example has {InputSize} values; got {example.Length}.", nameof(example));
        var probs = new float[ClassNames.Count];
        Score(example, probs);
        return probs;
    }

    private void Score(ReadOnlySpan<float> x, float[] probs)
    {
        if (_linearWeights is not null)
        {
            int n = x.Length;
            for (int o = 0; o < probs.Length; o++)
                probs[o] = System.Numerics.Tensors.TensorPrimitives.Dot(_linearWeights.AsSpan(o * n, n), x) + _linearBias![o];
            System.Numerics.Tensors.TensorPrimitives.SoftMax(probs, probs);
            return;
        }
        using var scope = Engine.NewDisposeScope();
        using var noGrad = Engine.NoGrad();
        Tensor input = Tensor.FromSpan(x, [1, .. Spec.InputShape.Select(d => (long)d)]);
        _net.Forward(input).Softmax(1).CopyTo<float>(probs);
    }

    /// <summary>Class probabilities of every row of <paramref name="data"/>, scored in batches of <paramref name="batchSize"/> (much faster than row by row for a CNN).</summary>
    public float[][] ScoreBatches(IDataView data, int batchSize = 256)
    {
        ArgumentNullException.ThrowIfNull(data);
        MapColumns(data.Schema);
        var result = new List<float[]>();
        int k = ClassNames.Count;
        foreach (var batch in new TensorBatcher(data, [FeatureColumnName], batchSize))
        {
            using (batch)
            using (Engine.NewDisposeScope())
            using (Engine.NoGrad())
            {
                Tensor x = batch[FeatureColumnName].View([batch.Count, .. Spec.InputShape.Select(d => (long)d)]);
                float[] flat = _net.Forward(x).Softmax(1).ToArray<float>();
                for (int r = 0; r < batch.Count; r++) result.Add(flat.AsSpan(r * k, k).ToArray());
            }
        }
        return result.ToArray();
    }

    /// <summary>Scores the current row of one cursor once, however many of its columns are read.</summary>
    private sealed class RowScorer(NeuralClassifierModel model, DataViewRowCursor cursor, ValueGetter<VBuffer<float>> features)
    {
        private readonly float[] _probs = new float[model.ClassNames.Count];
        private VBuffer<float> _x;
        private long _scored = -1;

        public float[] Probabilities()
        {
            if (_scored != cursor.Position)
            {
                features(ref _x);
                model.Score(_x.GetValues(), _probs);
                _scored = cursor.Position;
            }
            return _probs;
        }

        public uint Best()
        {
            float[] p = Probabilities();
            return (uint)System.Numerics.Tensors.TensorPrimitives.IndexOfMax(p);
        }
    }

    /// <inheritdoc />
    public string ComponentName => DeepComponents.NeuralClassifier;

    /// <inheritdoc />
    public void Save(ModelSaveContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.WriteJson("model.json", new State(Spec, FeatureColumnName, ClassNames.ToArray()), DeepJson.Default.NeuralClassifierState);
        context.WriteTensors("weights.mndt", _net.StateDict());
    }

    internal sealed record State(NetworkSpec Spec, string FeatureColumnName, string[] ClassNames);

    internal static ITransformer Load(ModelLoadContext c)
    {
        var s = c.ReadJson("model.json", DeepJson.Default.NeuralClassifierState);
        if (s.Spec is null || s.FeatureColumnName is null || s.ClassNames is null) throw c.Error("model.json", "spec, feature column or class names missing");
        var net = s.Spec.Build();
        try
        {
            using var weights = c.ReadTensors("weights.mndt");
            net.LoadStateDict(weights.Tensors);
            return new NeuralClassifierModel(s.Spec, net, s.FeatureColumnName, s.ClassNames);
        }
        catch (StateDictMismatchException e)
        {
            net.Dispose();
            throw c.Error("weights.mndt", e.Message);
        }
        catch
        {
            net.Dispose();
            throw;
        }
    }

    /// <summary>Disposes the network.</summary>
    public void Dispose() => _net.Dispose();
}
