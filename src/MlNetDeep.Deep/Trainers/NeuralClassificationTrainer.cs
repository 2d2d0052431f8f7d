using MlNetDeep.Data;
using MlNetDeep.Deep.Models;
using MlNetDeep.Deep.Networks;
using MlNetDeep.Deep.Training;
using MlNetDeep.Torch;
using MlNetDeep.Torch.Nn;

namespace MlNetDeep.Deep.Trainers;

/// <summary>
/// Trains a neural network classifier (softmax regression, MLP or CNN — whatever
/// <see cref="DeepTrainerOptions.Network"/> describes) with softmax + cross-entropy on a key
/// label column, and returns a <see cref="NeuralClassifierModel"/> that adds <c>Score</c> and
/// <c>PredictedLabel</c> (named by the label's classes). Same seed, CPU: the same weights.
/// </summary>
public sealed class NeuralClassificationTrainer : IEstimator<NeuralClassifierModel>
{
    private readonly MLContext _context;
    private readonly Func<int[], int, NetworkSpec> _defaultNetwork;
    private readonly int _seed;

    /// <summary>Creates the trainer; <paramref name="defaultNetwork"/> (input shape, classes) is used when the options name no network.</summary>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public NeuralClassificationTrainer(MLContext context, DeepTrainerOptions options, Func<int[], int, NetworkSpec> defaultNetwork)
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

    private (int[] Shape, VectorDataViewType Type) Features(DataViewSchema schema)
    {
        var col = schema.GetColumnOrNull(Options.FeatureColumnName) ?? throw new SchemaMismatchException(Options.FeatureColumnName, "a Vector<Single> of known size", null);
        if (col.Type is not VectorDataViewType { IsKnownSize: true } v || v.ItemType != NumberDataViewType.Single)
            throw new SchemaMismatchException(Options.FeatureColumnName, "a Vector<Single> of known size", col.Type.ToString());
        return (v.Dimensions.ToArray(), v);
    }

    private IReadOnlyList<string> Classes(DataViewSchema schema)
    {
        var col = schema.GetColumnOrNull(Options.LabelColumnName) ?? throw new SchemaMismatchException(Options.LabelColumnName, "a key column (use MapValueToKey)", null);
        if (col.Type is not KeyDataViewType k)
            throw new SchemaMismatchException(Options.LabelColumnName, "a key column (use MapValueToKey)", col.Type.ToString());
        return col.KeyValues ?? Enumerable.Range(0, (int)k.Count).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
    }

    /// <inheritdoc />
    public NeuralClassifierModel Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (shape, _) = Features(input.Schema);
        var classes = Classes(input.Schema);
        if (classes.Count < 2) throw new ArgumentException($"Label column '{Options.LabelColumnName}' has {classes.Count} class; a classifier needs at least 2.");
        var spec = Options.Network ?? _defaultNetwork(shape, classes.Count);
        if (spec.InputShape.Aggregate(1L, (a, b) => a * b) != shape.Aggregate(1L, (a, b) => a * b))
            throw new SchemaMismatchException(Options.FeatureColumnName, $"Vector<Single> with {spec.InputShape.Aggregate(1L, (a, b) => a * b)} values (the network's input [{string.Join(", ", spec.InputShape)}])",
                $"Vector<Single, {string.Join(", ", shape)}>");
        if (Options.ClassWeights is { } w && w.Count != classes.Count)
            throw new ArgumentException($"ClassWeights has {w.Count} weights for {classes.Count} classes.");
        // All draws (initialization, dropout) come from this fit's own generator, so concurrent
        // fits on other threads cannot change them.
        using var generator = new Generator(_seed);
        using var useGenerator = Engine.UseGenerator(generator);
        var net = spec.Build();
        try
        {
            long[] outShape = spec.OutputShape(net);
            if (outShape is not [var k] || k != classes.Count)
                throw new ArgumentException($"The network outputs [{string.Join(", ", outShape)}] per example; {classes.Count} classes need [{classes.Count}].");
            IDataView train = input;
            IDataView? validation = null;
            if (Options.ValidationFraction > 0)
            {
                var split = _context.Data.TrainTestSplit(input, Options.ValidationFraction, seed: _seed);
                (train, validation) = (_context.Data.Cache(split.TrainSet), _context.Data.Cache(split.TestSet));
            }
            if (Options.Augmentation is { } aug)
            {
                if (shape.Length != 3)
                    throw new SchemaMismatchException(Options.FeatureColumnName, "Vector<Single> shaped [C, H, W] (Augmentation is set)", $"Vector<Single, {string.Join(", ", shape)}>");
                train = new Data.Augmentation.ImageAugmentationTransformer(Options.FeatureColumnName, aug.Seed == 0 ? aug with { Seed = _seed } : aug).TransformForTraining(train);
            }
            using var weights = Options.ClassWeights is { } cw ? Tensor.FromArray(cw.ToArray()).DetachFromDisposeScope() : null;
            var loop = new TrainingLoop(net, spec, Options, _seed,
                (logits, y) => Functional.CrossEntropy(logits, y, weights, ignoreIndex: -1, labelSmoothing: Options.LabelSmoothing),
                (logits, y) => logits.ArgMax(1).Eq(y).Sum().ToInt64(),
                Callbacks.ToList());
            loop.Run(train, validation, Cancellation);
            return new NeuralClassifierModel(spec, net, Options.FeatureColumnName, classes) { TrainingLogs = loop.Last };
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
        var l = inputSchema.Require(Options.LabelColumnName, "a key column (use MapValueToKey)");
        if (!l.IsKey || l.Kind != SchemaShape.VectorKind.Scalar)
            throw new SchemaMismatchException(Options.LabelColumnName, "a key column (use MapValueToKey)", l.TypeDescription);
        return inputSchema.With(
            new SchemaShape.Column("Score", SchemaShape.VectorKind.Vector, NumberDataViewType.Single),
            new SchemaShape.Column("PredictedLabel", SchemaShape.VectorKind.Scalar, KeyDataViewType.Unknown));
    }
}
