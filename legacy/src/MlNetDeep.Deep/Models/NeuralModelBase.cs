using System.Runtime.CompilerServices;
using MlNetDeep.Data;
using MlNetDeep.Data.Tensors;
using MlNetDeep.Deep.Networks;
using MlNetDeep.Model;
using MlNetDeep.Torch;
using MlNetDeep.Torch.Nn;

namespace MlNetDeep.Deep.Models;

/// <summary>
/// Shared machinery of fitted neural models as pipeline components: reads a Vector&lt;Single&gt;
/// feature column shaped like the network's input, runs the network (evaluation mode, no
/// gradients; safe from several threads), and lets the task turn the network's outputs into
/// columns. Optionally adds an <c>Embedding</c> column: the input of the last layer. A network
/// that is a single linear layer runs in managed SIMD code. Saved as spec + weights.
/// </summary>
public abstract class NeuralModelBase : RowToRowTransformerBase, IModelComponent, IDisposable
{
    private readonly Sequential _net;
    private readonly long[] _rowShape;
    private readonly float[]? _linearWeights, _linearBias;
    private readonly ConditionalWeakTable<DataViewRowCursor, RowScorer> _scorers = new();

    /// <summary>How raw network outputs become scores.</summary>
    private protected enum Activation { None, Softmax, Sigmoid }

    private readonly Activation _activation;

    private protected NeuralModelBase(NetworkSpec spec, Sequential network, string featureColumnName, int outputs, Activation activation, bool outputEmbedding)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(network);
        ArgumentException.ThrowIfNullOrEmpty(featureColumnName);
        long[] outShape = spec.OutputShape(network);
        if (outShape.Length != 1 || outShape[0] != outputs)
            throw new ArgumentException($"The network outputs [{string.Join(", ", outShape)}] per example; this model needs [{outputs}].", nameof(network));
        if (outputEmbedding && network.Count < 2)
            throw new ArgumentException("An embedding column needs a network of at least two layers (the embedding is the last layer's input).", nameof(outputEmbedding));
        (Spec, _net, FeatureColumnName, Outputs, _activation, OutputEmbedding) = (spec, network, featureColumnName, outputs, activation, outputEmbedding);
        _net.Eval();
        _rowShape = NetworkShapes.ToLongs(spec.InputShape, batch: 1);
        int size = 1;
        foreach (int d in spec.InputShape) size = checked(size * d);
        InputSize = size;
        if (outputEmbedding)
        {
            using var scope = Engine.NewDisposeScope();
            using var noGrad = Engine.NoGrad();
            Tensor x = Tensors.Zeros(_rowShape);
            for (int i = 0; i < _net.Count - 1; i++) x = _net[i].Forward(x);
            EmbeddingSize = checked((int)x.NumberOfElements);
        }
        if (spec.Layers is [{ Type: "Linear" }])
        {
            var lin = (Linear)_net[0];
            _linearWeights = lin.Weight.ToArray<float>();
            _linearBias = lin.Bias?.ToArray<float>() ?? new float[outputs];
        }
    }

    /// <summary>The network's specification.</summary>
    public NetworkSpec Spec { get; }
    /// <summary>The feature column read.</summary>
    public string FeatureColumnName { get; }
    /// <summary>Values per example.</summary>
    public int InputSize { get; }
    /// <summary>Network outputs per example.</summary>
    public int Outputs { get; }
    /// <summary>Whether an <c>Embedding</c> column (the last layer's input) is added.</summary>
    public bool OutputEmbedding { get; }
    /// <summary>Size of the embedding (0 without one).</summary>
    public int EmbeddingSize { get; }
    /// <summary>The network (owned by the model; in evaluation mode).</summary>
    public Sequential Network => _net;
    /// <summary>The last epoch's training logs when the model was trained in this process (not saved).</summary>
    public Training.TrainingLogs? TrainingLogs { get; internal set; }

    /// <summary>The task's columns computed from the activated outputs of the current row.</summary>
    private protected abstract IEnumerable<(string Name, DataViewType Type, IReadOnlyDictionary<string, object>? Annotations, Func<Func<float[]>, Delegate> Getter)> TaskColumns();

    /// <inheritdoc />
    protected sealed override IReadOnlyList<MappedColumn> MapColumns(DataViewSchema input)
    {
        var col = input.RequireSingleVector(FeatureColumnName, InputSize);
        var columns = new List<MappedColumn>();
        foreach (var t in TaskColumns())
            columns.Add(new MappedColumn(t.Name, t.Type, t.Annotations, [col], c => t.Getter(Scorer(c, col).Outputs)));
        if (OutputEmbedding)
            columns.Add(new MappedColumn("Embedding", new VectorDataViewType(NumberDataViewType.Single, EmbeddingSize), null, [col], c =>
            {
                var s = Scorer(c, col);
                return (ValueGetter<VBuffer<float>>)((ref VBuffer<float> dst) =>
                {
                    float[] e = s.Embedding();
                    float[] buf = dst.Reuse(e.Length);
                    e.CopyTo(buf, 0);
                    dst = new VBuffer<float>(e.Length, buf);
                });
            }));
        return columns;
    }

    private RowScorer Scorer(DataViewRowCursor cursor, DataViewSchema.Column col) =>
        _scorers.GetValue(cursor, c => new RowScorer(this, c, c.GetGetter<VBuffer<float>>(col)));

    /// <summary>The activated outputs of one example (length <see cref="InputSize"/>): probabilities for classifiers, values for regression.</summary>
    public float[] Predict(ReadOnlySpan<float> example)
    {
        if (example.Length != InputSize) throw new ArgumentException($"An example has {InputSize} values; got {example.Length}.", nameof(example));
        var outputs = new float[Outputs];
        Run(example, outputs, null);
        return outputs;
    }

    private void Run(ReadOnlySpan<float> x, float[] outputs, float[]? embedding)
    {
        if (_linearWeights is not null)
        {
            int n = x.Length;
            for (int o = 0; o < outputs.Length; o++)
                outputs[o] = System.Numerics.Tensors.TensorPrimitives.Dot(_linearWeights.AsSpan(o * n, n), x) + _linearBias![o];
        }
        else
        {
            using var scope = Engine.NewDisposeScope();
            using var noGrad = Engine.NoGrad();
            Tensor t = Tensor.FromSpan(x, _rowShape);
            for (int i = 0; i < _net.Count - 1; i++) t = _net[i].Forward(t);
            if (embedding is not null) t.Flatten().CopyTo<float>(embedding);
            _net[_net.Count - 1].Forward(t).CopyTo<float>(outputs);
        }
        Activate(outputs);
    }

    private void Activate(Span<float> v)
    {
        if (_activation == Activation.Softmax) RowMath.Softmax(v);
        else if (_activation == Activation.Sigmoid) RowMath.Sigmoid(v);
    }

    /// <summary>The activated outputs of every row of <paramref name="data"/>, in batches (much faster than row by row for a CNN).</summary>
    public float[][] ScoreBatches(IDataView data, int batchSize = 256)
    {
        ArgumentNullException.ThrowIfNull(data);
        MapColumns(data.Schema);
        var result = new List<float[]>();
        foreach (var batch in new TensorBatcher(data, [FeatureColumnName], batchSize))
        {
            using (batch)
            using (Engine.NewDisposeScope())
            using (Engine.NoGrad())
            {
                Tensor x = batch[FeatureColumnName].View(NetworkShapes.ToLongs(Spec.InputShape, batch: batch.Count));
                float[] flat = _net.Forward(x).ToArray<float>();
                for (int r = 0; r < batch.Count; r++)
                {
                    var row = flat.AsSpan(r * Outputs, Outputs).ToArray();
                    Activate(row);
                    result.Add(row);
                }
            }
        }
        return result.ToArray();
    }

    /// <summary>Runs the network once per row of one cursor, however many columns read it.</summary>
    private sealed class RowScorer(NeuralModelBase model, DataViewRowCursor cursor, ValueGetter<VBuffer<float>> features)
    {
        private readonly float[] _outputs = new float[model.Outputs];
        private readonly float[]? _embedding = model.OutputEmbedding ? new float[model.EmbeddingSize] : null;
        private VBuffer<float> _x;
        private long _scored = -1;

        public float[] Outputs()
        {
            if (_scored != cursor.Position)
            {
                features(ref _x);
                model.Run(_x.GetValues(), _outputs, _embedding);
                _scored = cursor.Position;
            }
            return _outputs;
        }

        public float[] Embedding()
        {
            Outputs();
            return _embedding!;
        }
    }

    /// <inheritdoc />
    public abstract string ComponentName { get; }

    /// <summary>Writes the task's own state (besides the spec and weights).</summary>
    private protected abstract void SaveTask(ModelSaveContext context);

    /// <inheritdoc />
    public void Save(ModelSaveContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.WriteJson("network.json", new NetworkState(Spec, FeatureColumnName, OutputEmbedding), DeepJson.Default.NetworkState);
        context.WriteTensors("weights.mndt", _net.StateDict());
        SaveTask(context);
    }

    internal sealed record NetworkState(NetworkSpec Spec, string FeatureColumnName, bool OutputEmbedding)
    {
        /// <summary>Reads network.json field by field (the names the source-generated writer uses; a test checks that every field round-trips).</summary>
        internal static NetworkState Read(ModelJson j)
        {
            var spec = j["Spec"];
            return new(spec.IsNull ? null! : new NetworkSpec(spec["InputShape"].GetInt32Array()!, spec["Layers"].GetArray(ReadLayer)!),
                j["FeatureColumnName"].GetString()!, j["OutputEmbedding"].GetBoolean());
        }

        private static LayerSpec ReadLayer(ModelJson l) => l.IsNull ? throw l.Error("a layer is null")
            : new(l["Type"].GetRequiredString(), l["In"].GetInt64(), l["Out"].GetInt64(), l["Kernel"].GetInt64(), l["Stride"].GetInt64(), l["Padding"].GetInt64(), l["P"].GetDouble(),
                l["NumLayers"].GetInt64(), l["Bidirectional"].GetBoolean(), l["ReturnSequences"].GetBoolean(), l["Shape"].GetInt32Array());
    }

    /// <summary>The last <typeparamref name="T"/> in <paramref name="model"/>: the model itself, or the last one in a (nested) pipeline; null when there is none.</summary>
    internal static T? FindLast<T>(ITransformer model) where T : NeuralModelBase => model switch
    {
        T n => n,
        IEnumerable<ITransformer> chain => chain.Reverse().Select(FindLast<T>).FirstOrDefault(n => n is not null),
        _ => null,
    };

    /// <summary>Rebuilds the network of a saved model and hands it to <paramref name="make"/>.</summary>
    internal static ITransformer LoadNetwork(ModelLoadContext c, Func<NetworkState, Sequential, ITransformer> make, string networkEntry = "network.json", string weightsEntry = "weights.mndt")
    {
        var s = c.ReadJson(networkEntry, NetworkState.Read);
        if (s.Spec is null || s.Spec.InputShape is null || s.Spec.Layers is null || s.FeatureColumnName is null) throw c.Error(networkEntry, "spec or feature column missing");
        // Work out in managed code what the spec would allocate before libtorch builds anything:
        // its weights must be exactly what the (capped) weights entry holds, and one example's
        // activations must stay under the entry cap too.
        NetworkShapes shapes;
        try
        {
            shapes = NetworkShapes.Of(s.Spec);
        }
        catch (ArgumentException e)
        {
            throw c.Error(networkEntry, e.Message);
        }
        using var weights = c.ReadTensors(weightsEntry);
        long held = 0;
        foreach (var t in weights.Tensors.Values) held += t.NumberOfElements;
        if (held != shapes.StateElements)
            throw c.Error(networkEntry, $"the layers need {shapes.StateElements} weight values but {weightsEntry} holds {held}");
        long cap = c.Limits.MaxEntryBytes / sizeof(float);
        if (shapes.LargestActivation > cap)
            throw c.Error(networkEntry, $"one example's largest activation would hold {shapes.LargestActivation} values, over the cap of {cap} (ModelLimits.MaxEntryBytes / 4)");
        Sequential net;
        try
        {
            net = s.Spec.Build();
        }
        catch (ArgumentException e)
        {
            throw c.Error(networkEntry, e.Message);
        }
        try
        {
            net.LoadStateDict(weights.Tensors);
            return make(s, net);
        }
        catch (StateDictMismatchException e)
        {
            net.Dispose();
            throw c.Error(weightsEntry, e.Message);
        }
        catch
        {
            net.Dispose();
            throw;
        }
    }

    /// <summary>Disposes the network.</summary>
    public void Dispose()
    {
        _net.Dispose();
        GC.SuppressFinalize(this);
    }
}
