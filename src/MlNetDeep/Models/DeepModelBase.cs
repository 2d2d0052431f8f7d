using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetDeep.Networks;
using MlNetDeep.Schema;
using MlNetDeep.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace MlNetDeep.Models;

/// <summary>
/// A fitted network as an ML.NET transformer: it reads the feature column, runs the network (in
/// evaluation mode, batches of <see cref="InferenceBatchSize"/> rows through <see cref="ITransformer.Transform"/>,
/// one row at a time through a prediction engine) and adds the task's columns, named and typed as
/// ML.NET's own trainers name and type them. The TorchSharp module stays reachable through
/// <see cref="Network"/>, and the training history through <see cref="History"/>.
/// </summary>
public abstract class DeepModelBase : ITransformer, IDisposable
{
    /// <summary>Rows per forward pass when transforming a data view.</summary>
    public const int InferenceBatchSize = 256;

    private protected DeepModelBase(nn.Module<Tensor, Tensor> network, long[] inputShape, NetworkSpec? spec, string featureColumnName, TrainingHistory history, Device device)
    {
        (Network, _inputShape, Spec, FeatureColumnName, History, Device) = (network, inputShape, spec, featureColumnName, history, device);
        FeatureSize = checked((int)inputShape.Aggregate(1L, (a, b) => a * b));
        Network.eval();
    }

    private readonly long[] _inputShape;

    /// <summary>The trained TorchSharp module (in evaluation mode; a prediction assumes it stays so).</summary>
    public nn.Module<Tensor, Tensor> Network { get; }

    /// <summary>The network's layer specs, or null for a module brought by the caller.</summary>
    public NetworkSpec? Spec { get; }

    /// <summary>The shape one row's features are viewed as, e.g. [1, 28, 28].</summary>
    public IReadOnlyList<long> InputShape => _inputShape;

    /// <summary>The feature column the model reads.</summary>
    public string FeatureColumnName { get; }

    /// <summary>How training went, epoch by epoch.</summary>
    public TrainingHistory History { get; }

    /// <summary>The device the network is on.</summary>
    public Device Device { get; }

    /// <summary>Values in one row's features.</summary>
    internal int FeatureSize { get; }

    /// <summary>Values per row of the post-processed output.</summary>
    private protected abstract int OutputWidth { get; }

    /// <summary>The post-processed output [B, <see cref="OutputWidth"/>] of the network's output (e.g. a softmax).</summary>
    private protected abstract Tensor PostProcess(Tensor output);

    /// <summary>The columns the model adds, in order, over the post-processed output.</summary>
    private protected abstract IReadOnlyList<OutputColumn> MakeOutputColumns(uint scoreSetId);

    internal int Width => OutputWidth;

    /// <summary>Runs <paramref name="rows"/> rows of <paramref name="features"/> through the network into <paramref name="destination"/>.</summary>
    internal void Predict(float[] features, int rows, float[] destination)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var x = tensor(new Memory<float>(features, 0, rows * FeatureSize), [rows, .. _inputShape]);
        if (Device.type != DeviceType.CPU) x = x.to(Device);
        var y = PostProcess(Network.forward(x)).to(ScalarType.Float32).cpu().contiguous();
        if (y.shape is not [var r, var w] || r != rows || w != OutputWidth)
            throw new InvalidOperationException($"The network's output became [{string.Join(", ", y.shape)}] after post-processing; expected [{rows}, {OutputWidth}].");
        y.data<float>().CopyTo(destination);
    }

    /// <summary>Binds the model to an input schema: checks the feature column and lays out the output schema.</summary>
    /// <exception cref="SchemaMismatchException">The feature column is missing or has the wrong type or size.</exception>
    internal BoundModel Bind(DataViewSchema input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var feature = input.GetColumnOrNull(FeatureColumnName);
        string expected = $"Vector<Single, {FeatureSize}>";
        if (feature is not { } f) throw new SchemaMismatchException(FeatureColumnName, expected, null);
        if (f.Type is not VectorDataViewType { Size: > 0 } v || v.Size != FeatureSize || !FeatureTypes.IsNumeric(v.ItemType))
            throw new SchemaMismatchException(FeatureColumnName, expected, f.Type.ToString());
        var columns = MakeOutputColumns(ScoreAnnotations.NextSetId(input));
        var builder = new DataViewSchema.Builder();
        builder.AddColumns(input);
        foreach (var c in columns) builder.AddColumn(c.Name, c.Type, c.Annotations);
        return new BoundModel(this, input, builder.ToSchema(), columns, f);
    }

    /// <inheritdoc />
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => Bind(inputSchema).Output;

    /// <inheritdoc />
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new ScoredDataView(Bind(input.Schema), input);
    }

    /// <inheritdoc />
    public bool IsRowToRowMapper => true;

    /// <inheritdoc />
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => new ScoringMapper(Bind(inputSchema));

    /// <summary>Not yet supported: a model zip cannot hold a TorchSharp network in this version.</summary>
    /// <exception cref="NotSupportedException">Always.</exception>
    void ICanSaveModel.Save(ModelSaveContext ctx) =>
        throw new NotSupportedException($"{GetType().Name} cannot be saved to an ML.NET model zip in this version of MlNetDeep; " +
            "its TorchSharp module can be saved with Network.save(path).");

    /// <summary>Frees the network's tensors.</summary>
    public void Dispose()
    {
        Network.Dispose();
        GC.SuppressFinalize(this);
    }
}
