using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using MlNetDeep.Models;
using MlNetDeep.Runtime;
using MlNetDeep.Schema;
using MlNetDeep.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace MlNetDeep.Trainers;

/// <summary>What a trainer learned about its label column: how many network outputs it needs, and the class names of a key label.</summary>
internal sealed record LabelInfo(int Outputs, string Meaning, LabelValues? Values = null);

/// <summary>
/// The ML.NET estimator shared by the deep trainers. <see cref="GetOutputSchema"/> checks the
/// columns' names and types before any data is read; <see cref="Fit(IDataView, IDataView?)"/>
/// checks the feature size against the network, plans the network (spec or your own module),
/// builds it from the run's seed on the chosen device, holds out validation rows when asked,
/// runs the <see cref="TrainingLoop"/> and returns the task's model. Epoch lines go to the
/// MLContext's log (<c>ml.Log</c>) as ML.NET's own trainers' messages do.
/// </summary>
/// <typeparam name="TModel">The fitted model.</typeparam>
/// <typeparam name="TOptions">The trainer's options.</typeparam>
public abstract class DeepTrainerBase<TModel, TOptions> : IEstimator<TModel>
    where TModel : DeepModelBase where TOptions : DeepTrainerOptions
{
    private static readonly Lock Deterministic = new();
    private readonly IHost _host;
    private readonly NetworkSource _network;
    private readonly int _seed;

    private protected DeepTrainerBase(IHostEnvironment environment, TOptions options, NetworkSource network)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(options);
        options = (TOptions)(options with { }); // a copy of the runtime type: later changes to the caller's object do not reach the trainer
        options.Validate();
        (TrainerOptions, _network) = (options, network);
        _host = environment.Register(GetType().Name);
        _seed = options.Seed ?? _host.Rand.Next();
    }

    /// <summary>A copy of the options the trainer was created with (changing it after creation has no effect on the seed drawn).</summary>
    public TOptions TrainerOptions { get; }

    /// <summary>Callbacks run during every fit (progress, custom stopping).</summary>
    public IList<TrainingCallback> Callbacks { get; } = new List<TrainingCallback>();

    /// <summary>Cancels a fit in progress (it then throws <see cref="OperationCanceledException"/>).</summary>
    public CancellationToken Cancellation { get; set; }

    /// <summary>The seed of every fit: <see cref="DeepTrainerOptions.Seed"/>, or drawn from the MLContext's seed when the trainer was created.</summary>
    public int Seed => _seed;

    /// <summary>What the label column must be, for messages.</summary>
    private protected abstract string LabelExpected { get; }

    /// <summary>Whether a label column shape fits (for <see cref="GetOutputSchema"/>).</summary>
    private protected abstract bool LabelFits(SchemaShape.Column label);

    /// <summary>Checks the label column's type and says how many outputs the network needs.</summary>
    private protected abstract LabelInfo InspectLabel(DataViewSchema.Column label);

    /// <summary>The mean loss of a batch: network output [B, outputs], labels as batched.</summary>
    private protected abstract Func<Tensor, Tensor, Tensor> Loss(LabelInfo label, Device device);

    /// <summary>The correct predictions of a batch as a scalar tensor, or null when the task has no accuracy.</summary>
    private protected virtual Func<Tensor, Tensor, Tensor>? Correct => null;

    /// <summary>The columns the model adds, as schema shapes.</summary>
    private protected abstract SchemaShape.Column[] OutputShapes(SchemaShape.Column label);

    /// <summary>The fitted model around the trained network.</summary>
    private protected abstract TModel MakeModel(nn.Module<Tensor, Tensor> network, PlannedNetwork plan, LabelInfo label, TrainingHistory history, Device device);

    /// <summary>Trains on <paramref name="input"/>.</summary>
    public TModel Fit(IDataView input) => Fit(input, null);

    /// <summary>
    /// Trains on <paramref name="trainData"/>, evaluating <paramref name="validationData"/> after every
    /// epoch (<c>val_loss</c>, and <c>val_accuracy</c> for classifiers; early stopping watches it), as
    /// LightGbm's <c>Fit(trainData, validationData)</c>. The validation data needs the training data's
    /// feature and label columns with the same types.
    /// </summary>
    /// <exception cref="SchemaMismatchException">A column is missing or has the wrong type or size; the message names it.</exception>
    /// <exception cref="TrainingDivergedException">The loss became NaN or infinite.</exception>
    public TModel Fit(IDataView trainData, IDataView? validationData)
    {
        ArgumentNullException.ThrowIfNull(trainData);
        TorchRuntime.Initialize();
        var featureType = FeatureType(trainData.Schema);
        var labelColumn = trainData.Schema.GetColumnOrNull(TrainerOptions.LabelColumnName) ?? throw new SchemaMismatchException(TrainerOptions.LabelColumnName, LabelExpected, null);
        var label = InspectLabel(labelColumn);
        if (validationData is not null)
        {
            if (TrainerOptions.ValidationFraction > 0)
                throw new ArgumentException($"Pass validation data or set ValidationFraction ({TrainerOptions.ValidationFraction}), not both.", nameof(validationData));
            foreach (var want in new[] { trainData.Schema[TrainerOptions.FeatureColumnName], labelColumn })
                if (validationData.Schema.GetColumnOrNull(want.Name) is not { } got || !got.Type.Equals(want.Type))
                    throw new SchemaMismatchException(want.Name, $"{want.Type} in the validation data, as in the training data",
                        validationData.Schema.GetColumnOrNull(want.Name)?.Type.ToString());
        }
        else if (TrainerOptions.EarlyStoppingPatience > 0 && TrainerOptions.ValidationFraction == 0)
        {
            throw new ArgumentException($"EarlyStoppingPatience ({TrainerOptions.EarlyStoppingPatience}) needs validation data to watch: set ValidationFraction > 0 or pass validation data to Fit.");
        }
        var plan = _network.Plan(TrainerOptions, featureType, label.Outputs, label.Meaning);
        if (TrainerOptions.Augmentation is { Any: true } && plan.InputShape.Length != 3)
            throw new SchemaMismatchException(TrainerOptions.FeatureColumnName, "images shaped [C, H, W] (Augmentation is set)", $"rows shaped [{string.Join(", ", plan.InputShape)}]");
        var device = DeviceSelection.Resolve(TrainerOptions.Device);
        if (!TrainerOptions.Deterministic) return FitCore(trainData, validationData, plan, label, device);
        lock (Deterministic) return FitCore(trainData, validationData, plan, label, device);
    }

    private TModel FitCore(IDataView train, IDataView? validation, PlannedNetwork plan, LabelInfo label, Device device)
    {
        // Networks from specs draw from generators of their own; a caller's module (and nn.Dropout inside it)
        // draws from TorchSharp's global generator, seeded here.
        random.manual_seed(_seed);
        var network = plan.Create(_seed);
        try
        {
            if (device.type != DeviceType.CPU) network.to(device);
            if (TrainerOptions.ValidationFraction > 0)
            {
                var split = new MLContext(_seed).Data.TrainTestSplit(train, TrainerOptions.ValidationFraction, seed: _seed);
                (train, validation) = (split.TrainSet, split.TestSet);
            }
            using var task = new SupervisedTask(network, plan.InputShape, TrainerOptions, Loss(label, device), Correct);
            using var channel = _host.Start("Training");
            var callbacks = Callbacks.Append(new ChannelProgress(channel)).ToList();
            var history = new TrainingLoop(task, TrainerOptions, _seed, callbacks, device).Run(train, validation, Cancellation);
            return MakeModel(network, plan, label, history, device);
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }

    private VectorDataViewType FeatureType(DataViewSchema schema)
    {
        const string expected = "a vector of Single (or other numbers) of known size";
        var column = schema.GetColumnOrNull(TrainerOptions.FeatureColumnName) ?? throw new SchemaMismatchException(TrainerOptions.FeatureColumnName, expected, null);
        return column.Type is VectorDataViewType { Size: > 0 } v && FeatureTypes.IsNumeric(v.ItemType)
            ? v : throw new SchemaMismatchException(TrainerOptions.FeatureColumnName, expected, column.Type.ToString());
    }

    /// <summary>
    /// The input schema with the model's columns added. Checks, before any data is read, that the
    /// feature column is a known-size numeric vector and that the label column has a type this
    /// trainer takes (their sizes are checked by Fit, from the data's schema).
    /// </summary>
    /// <exception cref="SchemaMismatchException">A column is missing or has the wrong type; the message names it and both types.</exception>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        const string expectedFeatures = "Vector<Single> (or another numeric vector) of known size";
        if (!inputSchema.TryFind(TrainerOptions.FeatureColumnName, out var features))
            throw new SchemaMismatchException(TrainerOptions.FeatureColumnName, expectedFeatures, null);
        if (features.Kind != SchemaShape.Column.VectorKind.Vector || features.IsKey || !FeatureTypes.IsNumeric(features.ItemType))
            throw new SchemaMismatchException(TrainerOptions.FeatureColumnName, expectedFeatures, SchemaShapes.Describe(features));
        if (!inputSchema.TryFind(TrainerOptions.LabelColumnName, out var label))
            throw new SchemaMismatchException(TrainerOptions.LabelColumnName, LabelExpected, null);
        if (!LabelFits(label)) throw new SchemaMismatchException(TrainerOptions.LabelColumnName, LabelExpected, SchemaShapes.Describe(label));
        return inputSchema.With(OutputShapes(label));
    }

    /// <summary>Writes each epoch's line to the MLContext's log.</summary>
    private sealed class ChannelProgress(IChannel channel) : TrainingCallback
    {
        public override void OnEpochEnd(TrainingLogs logs) => channel.Info(MessageSensitivity.None, ProgressCallback.Line(logs));
    }
}
