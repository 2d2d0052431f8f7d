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
    private readonly NetworkSetup? _setup;
    private protected readonly int _seed;

    private protected NeuralTrainerBase(MLContext context, DeepTrainerOptions options, NetworkSetup setup)
        : this(context, options, (_, _) => throw new InvalidOperationException("The network setup chooses the network.")) => _setup = setup;

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

    /// <summary>Extra callbacks (progress, custom stopping) run during <see cref="Fit(IDataView)"/>.</summary>
    public IList<TrainingCallback> Callbacks { get; } = new List<TrainingCallback>();

    /// <summary>Cancels <see cref="Fit(IDataView)"/> (raising <see cref="OperationCanceledException"/>).</summary>
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

    private int[] FeatureShape(DataViewSchema schema) => FeatureColumn.Shape(schema, Options.FeatureColumnName);

    /// <inheritdoc />
    public TModel Fit(IDataView input) => Fit(input, validation: null);

    /// <summary>
    /// Trains on <paramref name="input"/> and evaluates <paramref name="validation"/> after every epoch
    /// (<c>val_loss</c>, <c>val_accuracy</c>; early stopping monitors it). It needs the feature and label
    /// columns of the training data, with the same types. Leave <see cref="DeepTrainerOptions.ValidationFraction"/> at 0.
    /// </summary>
    /// <exception cref="SchemaMismatchException">The validation data lacks a column or has another type; the column is named.</exception>
    public TModel Fit(IDataView input, IDataView? validation)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (validation is not null)
        {
            if (Options.ValidationFraction > 0)
                throw new ArgumentException($"Pass a validation set or set ValidationFraction ({Options.ValidationFraction}), not both.", nameof(validation));
            foreach (string name in new[] { Options.FeatureColumnName, Options.LabelColumnName })
            {
                var want = input.Schema.GetColumnOrNull(name);
                var got = validation.Schema.GetColumnOrNull(name);
                if (want is { } w && (got is not { } g || !g.Type.Equals(w.Type)))
                    throw new SchemaMismatchException(name, $"{w.Type} in the validation data (as in the training data)", got?.Type.ToString());
            }
        }
        else if (Options.EarlyStoppingPatience > 0 && Options.ValidationFraction == 0)
        {
            throw new ArgumentException($"EarlyStoppingPatience ({Options.EarlyStoppingPatience}) needs validation data to monitor: set ValidationFraction > 0 or pass a validation set to Fit.");
        }
        if (!Options.Deterministic) return FitCore(input, validation);
        bool before = Engine.Deterministic;
        Engine.Deterministic = true;
        try
        {
            return FitCore(input, validation);
        }
        finally
        {
            Engine.Deterministic = before;
        }
    }

    private TModel FitCore(IDataView input, IDataView? validationSet)
    {
        int[] shape = FeatureShape(input.Schema);
        var label = input.Schema.GetColumnOrNull(Options.LabelColumnName) ?? throw new SchemaMismatchException(Options.LabelColumnName, LabelExpected, null);
        int outputs = Outputs(label);
        var spec = _setup?.Spec(shape, outputs, Options.LabelColumnName, Options.Network) ?? Options.Network ?? _defaultNetwork(shape, outputs);
        if (Options.Dropout is { } p)
            spec = spec with { Layers = spec.Layers.Select(l => l.Type == "Dropout" ? l with { P = p } : l).ToArray() };
        long expected = spec.InputShape.Aggregate(1L, (a, b) => a * b);
        if (expected != shape.Aggregate(1L, (a, b) => a * b))
            throw new SchemaMismatchException(Options.FeatureColumnName, $"Vector<Single> with {expected} values (the network's input [{string.Join(", ", spec.InputShape)}])",
                $"Vector<Single, {string.Join(", ", shape)}>");
        // All draws (initialization, dropout) come from this fit's own generator, so concurrent
        // fits on other threads cannot change them.
        using var generator = new Generator(_seed);
        using var useGenerator = Engine.UseGenerator(generator);
        // Names the first layer that does not fit, in our words rather than libtorch's, before anything is built;
        // the model's constructor confirms the output shape with a libtorch dry run.
        long[] outShape = NetworkShapes.Of(spec).OutputShape;
        var net = spec.Build();
        try
        {
            _setup?.Initialize(net);
            if (outShape is not [var k] || k != outputs)
                throw new ArgumentException($"The network outputs [{string.Join(", ", outShape)}] per example; the label '{Options.LabelColumnName}' needs [{outputs}].");
            IDataView train = input;
            IDataView? validation = validationSet;
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
            using var task = new SupervisedTask(net, spec.InputShape, loopOptions, Loss, Correct, _setup);
            var loop = new TrainingLoop(task, loopOptions, _seed, Callbacks.ToList());
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
        inputSchema.RequireSingleVector(Options.FeatureColumnName);
        var l = inputSchema.Require(Options.LabelColumnName, LabelExpected);
        if (!LabelFits(l)) throw new SchemaMismatchException(Options.LabelColumnName, LabelExpected, l.TypeDescription);
        var added = OutputColumns().ToList();
        if (Options.OutputEmbedding) added.Add(new SchemaShape.Column("Embedding", SchemaShape.VectorKind.Vector, NumberDataViewType.Single));
        return inputSchema.With(added.ToArray());
    }
}
