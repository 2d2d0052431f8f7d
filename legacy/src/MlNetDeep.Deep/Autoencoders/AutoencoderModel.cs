using MlNetDeep.Data;
using MlNetDeep.Deep.Models;
using MlNetDeep.Deep.Networks;
using MlNetDeep.Model;
using MlNetDeep.Torch;
using MlNetDeep.Torch.Nn;

namespace MlNetDeep.Deep.Autoencoders;

/// <summary>
/// A fitted autoencoder. Adds <c>Embedding</c> (the code, Vector&lt;Single&gt; of the
/// bottleneck size), <c>Reconstruction</c> (shaped like the input) and
/// <c>ReconstructionError</c> (the row's mean squared error, an anomaly score). Saved in the
/// model zip as the encoder's and decoder's specs and weights.
/// </summary>
public sealed class AutoencoderModel : RowToRowTransformerBase, IModelComponent, IDisposable
{
    private readonly Sequential _encoder, _decoder;

    internal AutoencoderModel(NetworkSpec encoderSpec, Sequential encoder, NetworkSpec decoderSpec, Sequential decoder, string featureColumnName)
    {
        (EncoderSpec, _encoder, DecoderSpec, _decoder, FeatureColumnName) = (encoderSpec, encoder, decoderSpec, decoder, featureColumnName);
        _encoder.Eval();
        _decoder.Eval();
        InputSize = encoderSpec.InputShape.Aggregate(1, (a, b) => a * b);
        BottleneckSize = (int)NetworkShapes.Of(encoderSpec).OutputShape[^1];
    }

    /// <summary>The encoder's spec.</summary>
    public NetworkSpec EncoderSpec { get; }
    /// <summary>The decoder's spec.</summary>
    public NetworkSpec DecoderSpec { get; }
    /// <summary>The column encoded.</summary>
    public string FeatureColumnName { get; }
    /// <summary>Values per input.</summary>
    public int InputSize { get; }
    /// <summary>Values per code.</summary>
    public int BottleneckSize { get; }

    /// <summary>The code and the reconstruction of one input (flattened).</summary>
    public (float[] Embedding, float[] Reconstruction) Run(ReadOnlySpan<float> input)
    {
        if (input.Length != InputSize) throw new ArgumentException($"The input has {input.Length} values; the autoencoder takes {InputSize}.", nameof(input));
        using var scope = Engine.NewDisposeScope();
        using var noGrad = Engine.NoGrad();
        Tensor x = Tensor.FromSpan(input, [1, .. EncoderSpec.InputShape.Select(d => (long)d)]);
        Tensor code = _encoder.Forward(x);
        return (code.ToArray<float>(), _decoder.Forward(code).ToArray<float>());
    }

    /// <inheritdoc />
    protected override IReadOnlyList<MappedColumn> MapColumns(DataViewSchema input)
    {
        var features = input.RequireSingleVector(FeatureColumnName, InputSize);
        var featureType = (VectorDataViewType)features.Type;
        // The three columns of a row come from one forward pass, cached per cursor row.
        Func<DataViewRowCursor, Func<(float[] Code, float[] Output, float Error)>> rowOf = cursor =>
        {
            var get = cursor.GetGetter<VBuffer<float>>(features);
            var buf = default(VBuffer<float>);
            long at = -1;
            (float[], float[], float) last = default;
            return () =>
            {
                if (cursor.Position == at) return last;
                get(ref buf);
                var x = buf.GetValues();
                var (code, output) = Run(x);
                double sum = 0;
                for (int i = 0; i < output.Length; i++) sum += (output[i] - x[i]) * (double)(output[i] - x[i]);
                at = cursor.Position;
                return last = (code, output, (float)(sum / output.Length));
            };
        };
        var rows = new System.Runtime.CompilerServices.ConditionalWeakTable<DataViewRowCursor, Func<(float[] Code, float[] Output, float Error)>>();
        Func<(float[] Code, float[] Output, float Error)> Row(DataViewRowCursor c) => rows.GetValue(c, k => rowOf(k));
        return
        [
            new("Embedding", new VectorDataViewType(NumberDataViewType.Single, BottleneckSize), null, [features], cursor =>
            {
                var row = Row(cursor);
                return (ValueGetter<VBuffer<float>>)((ref VBuffer<float> dst) => dst = new VBuffer<float>(BottleneckSize, row().Code));
            }),
            new("Reconstruction", new VectorDataViewType(NumberDataViewType.Single, featureType.Dimensions.ToArray()), null, [features], cursor =>
            {
                var row = Row(cursor);
                return (ValueGetter<VBuffer<float>>)((ref VBuffer<float> dst) => dst = new VBuffer<float>(InputSize, row().Output));
            }),
            new("ReconstructionError", NumberDataViewType.Single, null, [features], cursor =>
            {
                var row = Row(cursor);
                return (ValueGetter<float>)((ref float dst) => dst = row().Error);
            }),
        ];
    }

    /// <inheritdoc />
    public string ComponentName => DeepComponents.Autoencoder;

    /// <inheritdoc />
    public void Save(ModelSaveContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.WriteJson("network.json", new NeuralModelBase.NetworkState(EncoderSpec, FeatureColumnName, false), DeepJson.Default.NetworkState);
        context.WriteTensors("weights.mndt", _encoder.StateDict());
        context.WriteJson("decoder.json", new NeuralModelBase.NetworkState(DecoderSpec, "Embedding", false), DeepJson.Default.NetworkState);
        context.WriteTensors("decoder.mndt", _decoder.StateDict());
    }

    internal static ITransformer Load(ModelLoadContext c) =>
        NeuralModelBase.LoadNetwork(c, (encoderState, encoder) =>
            NeuralModelBase.LoadNetwork(c, (decoderState, decoder) =>
            {
                long code = NetworkShapes.Of(encoderState.Spec).OutputShape is [var b] ? b : -1;
                long inputs = encoderState.Spec.InputShape.Aggregate(1L, (a, d) => a * d);
                if (decoderState.Spec.InputShape is not [var din] || din != code || NetworkShapes.Of(decoderState.Spec).OutputShape is not [var dout] || dout != inputs || code >= inputs)
                    throw c.Error("decoder.json", $"the decoder must map the {code}-value code back to the encoder's {inputs} inputs");
                return new AutoencoderModel(encoderState.Spec, encoder, decoderState.Spec, decoder, encoderState.FeatureColumnName);
            }, "decoder.json", "decoder.mndt"));

    /// <summary>Releases both networks.</summary>
    public void Dispose()
    {
        _encoder.Dispose();
        _decoder.Dispose();
    }
}
