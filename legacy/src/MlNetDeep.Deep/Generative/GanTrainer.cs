using MlNetDeep.Data;
using MlNetDeep.Data.Tensors;
using MlNetDeep.Deep.Networks;
using MlNetDeep.Deep.Training;
using MlNetDeep.Torch;
using MlNetDeep.Torch.Nn;
using MlNetDeep.Torch.Optim;

namespace MlNetDeep.Deep.Generative;

/// <summary>
/// Trains a generative adversarial network on a feature column: per batch the discriminator
/// steps on real examples (target 1) and generated ones (target 0), then the generator steps
/// to make the discriminator call its samples real (the non-saturating loss), each with its
/// own optimizer, on the shared training loop (NaN detection names which loss diverged).
/// The fitted <see cref="GanModel"/> generates examples from seeds.
/// </summary>
public sealed class GanTrainer : IEstimator<GanModel>
{
    private readonly int _seed;

    /// <summary>Creates the trainer; options are checked now.</summary>
    public GanTrainer(MLContext context, GanOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        Options = options ?? new GanOptions();
        Options.Validate();
        _seed = Options.Training.Seed ?? context.NextSeed();
    }

    /// <summary>The hyperparameters.</summary>
    public GanOptions Options { get; }

    /// <summary>Callbacks the training loop calls.</summary>
    public IList<TrainingCallback> Callbacks { get; } = new List<TrainingCallback>();

    /// <summary>
    /// The generator and discriminator for examples shaped <paramref name="shape"/>, conditioned
    /// on <paramref name="classes"/> classes (0: unconditional), checked against each other.
    /// </summary>
    internal (NetworkSpec Generator, NetworkSpec Discriminator) Specs(int[] shape, int classes)
    {
        bool mnist = shape is [1, 28, 28];
        string shown = string.Join(", ", shape);
        if (classes > 0 && shape.Length is not (1 or 3))
            throw new ArgumentException($"A conditional GAN appends the class to [D] or [C, H, W] examples; the data's '{Options.FeatureColumnName}' is [{shown}].");
        int[] seen = classes == 0 ? shape : shape.Length == 1 ? [shape[0] + classes] : [shape[0] + classes, shape[1], shape[2]];
        string condition = classes == 0 ? "" : $" plus the {classes}-class one-hot vector";
        var g = Options.Generator ?? (mnist ? GanNetworks.DcganGenerator(Options.LatentSize + classes)
            : throw new ArgumentException($"No default generator for examples shaped [{shown}]; set GanOptions.Generator and Discriminator."));
        var d = Options.Discriminator ?? (mnist ? GanNetworks.DcganDiscriminator(1 + classes)
            : throw new ArgumentException($"No default discriminator for examples shaped [{shown}]; set GanOptions.Discriminator."));
        if (g.InputShape is not [var z] || z != Options.LatentSize + classes)
            throw new ArgumentException($"The generator takes [{string.Join(", ", g.InputShape)}]; it must take the latent vector [{Options.LatentSize}]{condition}, [{Options.LatentSize + classes}].");
        long[] produced = NetworkShapes.Of(g).OutputShape;
        if (!produced.SequenceEqual(shape.Select(v => (long)v)))
            throw new ArgumentException($"The generator produces [{string.Join(", ", produced)}] per example; the data's '{Options.FeatureColumnName}' is [{shown}].");
        if (!d.InputShape.SequenceEqual(seen) || NetworkShapes.Of(d).OutputShape is not [1])
            throw new ArgumentException($"The discriminator must take [{string.Join(", ", seen)}]{(classes == 0 ? "" : $" (an example{condition})")} and output [1] (one logit); it takes [{string.Join(", ", d.InputShape)}] and outputs [{string.Join(", ", NetworkShapes.Of(d).OutputShape)}].");
        return (g, d);
    }

    private const string LabelExpected = "a key column of classes to condition on (use MapValueToKey)";

    /// <summary>The class names of the conditioning label (null when unconditional).</summary>
    private string[]? Classes(DataViewSchema schema)
    {
        if (Options.LabelColumnName is not { } name) return null;
        var label = schema.GetColumnOrNull(name) ?? throw new SchemaMismatchException(name, LabelExpected, null);
        if (label.Type is not KeyDataViewType key) throw new SchemaMismatchException(name, LabelExpected, label.Type.ToString());
        if (key.Count is < 2 or > 1024) throw new ArgumentException($"Label column '{name}' has {key.Count} classes; a conditional GAN takes 2 to 1024.");
        return label.KeyValues?.ToArray() ?? Enumerable.Range(0, (int)key.Count).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
    }

    /// <inheritdoc />
    public GanModel Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        string[]? classes = Classes(input.Schema);
        var (gSpec, dSpec) = Specs(Trainers.FeatureColumn.Shape(input.Schema, Options.FeatureColumnName), classes?.Length ?? 0);
        using var generator = new Generator(_seed);
        using var useGenerator = Engine.UseGenerator(generator);
        var g = gSpec.Build();
        var d = dSpec.Build();
        try
        {
            new TrainingLoop(new AdversarialTask(g, d, Options, classes?.Length ?? 0), Options.Training with { Network = null, ValidationFraction = 0 }, _seed, Callbacks.ToList()).Run(input, null);
            d.Dispose();
            return new GanModel(gSpec, g, Options.FeatureColumnName, classes is null ? null : new GanCondition(Options.LabelColumnName!, classes));
        }
        catch
        {
            g.Dispose();
            d.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        inputSchema.RequireSingleVector(Options.FeatureColumnName);
        if (Options.LabelColumnName is { } name)
        {
            var label = inputSchema.Require(name, LabelExpected);
            if (!label.IsKey || label.Kind != SchemaShape.VectorKind.Scalar) throw new SchemaMismatchException(name, LabelExpected, label.TypeDescription);
        }
        return new SchemaShape(inputSchema.Concat([new SchemaShape.Column("Generated", SchemaShape.VectorKind.Vector, NumberDataViewType.Single)]));
    }

    private sealed class AdversarialTask(Sequential g, Sequential d, GanOptions options, int classes) : TrainingTask
    {
        private readonly Adam _g = new(g.Parameters(), options.Training.LearningRate, options.Beta1);
        private readonly Adam _d = new(d.Parameters(), options.Training.LearningRate, options.Beta1);

        public override IReadOnlyList<string> Columns => classes == 0 ? [options.FeatureColumnName] : [options.FeatureColumnName, options.LabelColumnName!];
        public override IReadOnlyList<(string Name, Module Module)> Modules => [("generator", g), ("discriminator", d)];
        public override IReadOnlyList<(string Name, Optimizer Optimizer)> Optimizers => [("optim_g", _g), ("optim_d", _d)];

        public override StepResult Train(TensorBatch batch, TrainingStep step)
        {
            Tensor real = batch[options.FeatureColumnName];
            long n = batch.Count;
            // Conditioned, the fakes are drawn for the batch's own classes, so both halves of the
            // discriminator's step see the same class mix.
            Tensor? oneHot = classes == 0 ? null : GanCondition.OneHot(batch[options.LabelColumnName!], classes, options.LabelColumnName!);
            Tensor z = Tensors.Randn(n, options.LatentSize);
            Tensor fake = g.Forward(oneHot is null ? z : Tensors.Cat([z, oneHot], 1));
            Tensor ones = Tensors.Ones(n, 1), zeros = Tensors.Zeros(n, 1);
            Tensor dLoss = Functional.BinaryCrossEntropyWithLogits(d.Forward(GanCondition.Append(real, oneHot)), ones)
                .Add(Functional.BinaryCrossEntropyWithLogits(d.Forward(GanCondition.Append(fake.Detach(), oneHot)), zeros));
            step.CheckLoss(dLoss, "the discriminator loss");
            step.Update(dLoss, _d, d);
            Tensor gLoss = Functional.BinaryCrossEntropyWithLogits(d.Forward(GanCondition.Append(fake, oneHot)), ones);
            double loss = step.CheckLoss(gLoss, "the generator loss");
            step.Update(gLoss, _g, g);
            return new StepResult(loss);
        }

        public override StepResult Evaluate(TensorBatch batch) => new(0);
    }
}
