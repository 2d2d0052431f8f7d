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

    /// <summary>The generator and discriminator for examples shaped <paramref name="shape"/>, checked against each other.</summary>
    internal (NetworkSpec Generator, NetworkSpec Discriminator) Specs(int[] shape)
    {
        bool mnist = shape is [1, 28, 28];
        var g = Options.Generator ?? (mnist ? GanNetworks.DcganGenerator(Options.LatentSize)
            : throw new ArgumentException($"No default generator for examples shaped [{string.Join(", ", shape)}]; set GanOptions.Generator and Discriminator."));
        var d = Options.Discriminator ?? (mnist ? GanNetworks.DcganDiscriminator()
            : throw new ArgumentException($"No default discriminator for examples shaped [{string.Join(", ", shape)}]; set GanOptions.Discriminator."));
        if (g.InputShape is not [var z] || z != Options.LatentSize)
            throw new ArgumentException($"The generator takes [{string.Join(", ", g.InputShape)}]; it must take the latent vector [{Options.LatentSize}].");
        long[] produced = NetworkShapes.Of(g).OutputShape;
        if (!produced.SequenceEqual(shape.Select(v => (long)v)))
            throw new ArgumentException($"The generator produces [{string.Join(", ", produced)}] per example; the data's '{Options.FeatureColumnName}' is [{string.Join(", ", shape)}].");
        if (!d.InputShape.SequenceEqual(shape) || NetworkShapes.Of(d).OutputShape is not [1])
            throw new ArgumentException($"The discriminator must take [{string.Join(", ", shape)}] and output [1] (one logit); it takes [{string.Join(", ", d.InputShape)}] and outputs [{string.Join(", ", NetworkShapes.Of(d).OutputShape)}].");
        return (g, d);
    }

    /// <inheritdoc />
    public GanModel Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (gSpec, dSpec) = Specs(Trainers.FeatureColumn.Shape(input.Schema, Options.FeatureColumnName));
        using var generator = new Generator(_seed);
        using var useGenerator = Engine.UseGenerator(generator);
        var g = gSpec.Build();
        var d = dSpec.Build();
        try
        {
            new TrainingLoop(new AdversarialTask(g, d, Options), Options.Training with { Network = null, ValidationFraction = 0 }, _seed, Callbacks.ToList()).Run(input, null);
            d.Dispose();
            return new GanModel(gSpec, g, Options.FeatureColumnName);
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
        return new SchemaShape(inputSchema.Concat([new SchemaShape.Column("Generated", SchemaShape.VectorKind.Vector, NumberDataViewType.Single)]));
    }

    private sealed class AdversarialTask(Sequential g, Sequential d, GanOptions options) : TrainingTask
    {
        private readonly Adam _g = new(g.Parameters(), options.Training.LearningRate, options.Beta1);
        private readonly Adam _d = new(d.Parameters(), options.Training.LearningRate, options.Beta1);

        public override IReadOnlyList<string> Columns => [options.FeatureColumnName];
        public override IReadOnlyList<(string Name, Module Module)> Modules => [("generator", g), ("discriminator", d)];
        public override IReadOnlyList<(string Name, Optimizer Optimizer)> Optimizers => [("optim_g", _g), ("optim_d", _d)];

        public override StepResult Train(TensorBatch batch, TrainingStep step)
        {
            Tensor real = batch[options.FeatureColumnName];
            long n = batch.Count;
            Tensor fake = g.Forward(Tensors.Randn(n, options.LatentSize));
            Tensor ones = Tensors.Ones(n, 1), zeros = Tensors.Zeros(n, 1);
            Tensor dLoss = Functional.BinaryCrossEntropyWithLogits(d.Forward(real), ones)
                .Add(Functional.BinaryCrossEntropyWithLogits(d.Forward(fake.Detach()), zeros));
            step.CheckLoss(dLoss, "the discriminator loss");
            step.Update(dLoss, _d, d);
            Tensor gLoss = Functional.BinaryCrossEntropyWithLogits(d.Forward(fake), ones);
            double loss = step.CheckLoss(gLoss, "the generator loss");
            step.Update(gLoss, _g, g);
            return new StepResult(loss);
        }

        public override StepResult Evaluate(TensorBatch batch) => new(0);
    }
}
