using MlNetDeep.Data;
using MlNetDeep.Deep.Models;
using MlNetDeep.Deep.Networks;
using MlNetDeep.Deep.Training;
using MlNetDeep.Torch;
using MlNetDeep.Torch.Nn;

namespace MlNetDeep.Deep.Trainers;

/// <summary>
/// Shared fitting of the neural trainers: checks the feature and label columns, builds the
/// network (from the options or the task's default) with its own seeded generator, holds out
/// validation data, applies training-time augmentation, runs the <see cref="TrainingLoop"/>
/// and wraps the trained network in the task's model. The task supplies the label check, the
/// loss, the count of correct predictions (if any) and the model.
/// </summary>
/// <typeparam name="TModel">The fitted model.</typeparam>
public abstract class NeuralTrainerBase<TModel> : IEstimator<TModel> where TModel : NeuralModelBase
{
    private readonly MLContext _context;
    private readonly Func<int[], int, NetworkSpec> _defaultNetwork;
    private protected readonly int _seed;

    private protected NeuralTrainerBase(MLContext context, DeepTrainerOptions options, Func<int[], int, NetworkSpec> defaultNetwork)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(defaultNetwork);
        options.Validate();
        (_context, Options, _defaultNetwork) = (context, options, defaultNetwork);
        _seed = options.Seed ?? context.NextSeed();
    }

    /// <summary>The options (not changed by fitting).</summary>
    public DeepTrainerOptions Options { get; }

    /// <summary>Extra callbacks (progress, custom stopping) run during <see cref="Fit"/>.</summary>
    public IList<TrainingCallback> Callbacks { get; } = new List<TrainingCallback>();

    /// <summary>Cancels <see cref="Fit"/> (raising <see cref="OperationCanceledException"/>).</summary>
    public CancellationToken Cancellation { get; init; }

    /// <summary>What the label column must be, for messages.</summary>
    private protected abstract string LabelExpected { get; }

    /// <summary>Checks the label column; returns the number of network outputs it needs.</summary>
    private protected abstract int Outputs(DataViewSchema.Column label);

    /// <summary>Whether a label shape is acceptable (for <see cref="GetOutputSchema"/>).</summary>
    private protected abstract bool LabelFits(SchemaShape.Column label);

    /// <summary>The loss of a batch: network outputs [B, outputs], labels as batched.</summary>
    private protected abstract Tensor Loss(Tensor output, Tensor label);

    /// <summary>Correct predictions in a batch, or null when the task has no accuracy.</summary>
    private protected virtual Func<Tensor, Tensor, long>? Correct => null;

    /// <summary>The fitted model around the trained network.</summary>
    private protected abstract TModel MakeModel(NetworkSpec spec, Sequential net, DataViewSchema.Column label);

    /// <summary>The columns the model adds (for schema checks before any data is read).</summary>
    private protected abstract SchemaShape.Column[] OutputColumns();

    private int[] FeatureShape(DataViewSchema schema)
    {
        var col = schema.GetColumnOrNull(Options.FeatureColumnName) ?? throw new SchemaMismatchException(Options.FeatureColumnName, "a Vector<Single> of known size", null);
        if (col.Type is not VectorDataViewType { IsKnownSize: true } v || v.ItemType != NumberDataViewType.Single)
            throw new SchemaMismatchException(Options.FeatureColumnName, "a Vector<Single> of known size", col.Type.ToString());
        return v.Dimensions.ToArray();
    }

    /// <inheritdoc />
    public TModel Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!Options.Deterministic) return FitCore(input);
        bool before = Engine.Deterministic;
        Engine.Deterministic = true;
        try
        {
            return FitCore(input);
        }
        finally
        {
            Engine.Deterministic = before;
        }
    }

    private TModel FitCore(IDataView input)
    {
        int[] shape = FeatureShape(input.Schema);
        var label = input.Schema.GetColumnOrNull(Options.LabelColumnName) ?? throw new SchemaMismatchException(Options.LabelColumnName, LabelExpected, null);
        int outputs = Outputs(label);
        var spec = Options.Network ?? _defaultNetwork(shape, outputs);
        long expected = spec.InputShape.Aggregate(1L, (a, b) => a * b);
        if (expected != shape.Aggregate(1L, (a, b) => a * b))
            throw new SchemaMismatchException(Options.FeatureColumnName, $"Vector<Single> with {expected} values (the network's input [{string.Join(", ", spec.InputShape)}])",
                $"Vector<Single, {string.Join(", ", shape)}>");
        // All draws (initialization, dropout) come from this fit's own generator, so concurrent
        // fits on other threads cannot change them.
        using var generator = new Generator(_seed);
        using var useGenerator = Engine.UseGenerator(generator);
        NetworkShapes.Of(spec); // names the first layer that does not fit, in our words rather than libtorch's
        var net = spec.Build();
        try
        {
            long[] outShape = spec.OutputShape(net);
            if (outShape is not [var k] || k != outputs)
                throw new ArgumentException($"The network outputs [{string.Join(", ", outShape)}] per example; the label '{Options.LabelColumnName}' needs [{outputs}].");
            IDataView train = input;
            IDataView? validation = null;
            if (Options.ValidationFraction > 0)
            {
                var split = _context.Data.TrainTestSplit(input, Options.ValidationFraction, seed: _seed);
                (train, validation) = (_context.Data.Cache(split.TrainSet), _context.Data.Cache(split.TestSet));
            }
            var loopOptions = Options;
            if (Options.Augmentation is { } aug)
            {
                if (shape.Length != 3)
                    throw new SchemaMismatchException(Options.FeatureColumnName, "Vector<Single> shaped [C, H, W] (Augmentation is set)", $"Vector<Single, {string.Join(", ", shape)}>");
                if (aug.Seed == 0) loopOptions = Options with { Augmentation = aug with { Seed = _seed } };
            }
            var loop = new TrainingLoop(net, spec, loopOptions, _seed, Loss, Correct, Callbacks.ToList());
            loop.Run(train, validation, Cancellation);
            var model = MakeModel(spec, net, label);
            model.TrainingLogs = loop.Last;
            return model;
        }
        catch
        {
            net.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        var f = inputSchema.Require(Options.FeatureColumnName, "a Vector<Single> of known size");
        if (f.ItemType != NumberDataViewType.Single || f.Kind != SchemaShape.VectorKind.Vector)
            throw new SchemaMismatchException(Options.FeatureColumnName, "a Vector<Single> of known size", f.TypeDescription);
        var l = inputSchema.Require(Options.LabelColumnName, LabelExpected);
        if (!LabelFits(l)) throw new SchemaMismatchException(Options.LabelColumnName, LabelExpected, l.TypeDescription);
        var added = OutputColumns().ToList();
        if (Options.OutputEmbedding) added.Add(new SchemaShape.Column("Embedding", SchemaShape.VectorKind.Vector, NumberDataViewType.Single));
        return inputSchema.With(added.ToArray());
    }
}
