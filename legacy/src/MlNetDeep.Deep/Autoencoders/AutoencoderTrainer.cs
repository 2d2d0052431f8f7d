using MlNetDeep.Data;
using MlNetDeep.Data.Tensors;
using MlNetDeep.Deep.Networks;
using MlNetDeep.Deep.Training;
using MlNetDeep.Torch;
using MlNetDeep.Torch.Nn;
using MlNetDeep.Torch.Optim;

namespace MlNetDeep.Deep.Autoencoders;

/// <summary>
/// Fits a dense (or, for images, convolutional) autoencoder on a feature column: encoder
/// [Flatten,] Linear-ReLU per hidden size, Linear to the bottleneck; decoder the mirror image
/// back to the input size (see <see cref="AutoencoderOptions.Convolutional"/>); mean
/// squared reconstruction error, on the shared training loop (validation, early stopping,
/// schedules, checkpoints, time budget). With noise options it is a denoising autoencoder.
/// The fitted <see cref="AutoencoderModel"/> adds <c>Embedding</c>, <c>Reconstruction</c> and
/// <c>ReconstructionError</c> columns, so it feeds a classical learner or an anomaly threshold.
/// </summary>
public sealed class AutoencoderTrainer : IEstimator<AutoencoderModel>
{
    private readonly MLContext _context;
    private readonly int _seed;

    /// <summary>Creates the trainer; options are checked now.</summary>
    public AutoencoderTrainer(MLContext context, AutoencoderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        Options = options ?? new AutoencoderOptions();
        Options.Validate();
        _context = context;
        _seed = Options.Training.Seed ?? context.NextSeed();
    }

    /// <summary>The hyperparameters.</summary>
    public AutoencoderOptions Options { get; }

    /// <summary>Callbacks the training loop calls.</summary>
    public IList<TrainingCallback> Callbacks { get; } = new List<TrainingCallback>();

    /// <summary>The encoder and decoder specs for inputs shaped <paramref name="shape"/>.</summary>
    /// <exception cref="ArgumentException">The bottleneck is not smaller than the input.</exception>
    internal (NetworkSpec Encoder, NetworkSpec Decoder) Specs(int[] shape)
    {
        int inputs = shape.Aggregate(1, (a, b) => checked(a * b));
        if (Options.BottleneckSize >= inputs)
            throw new ArgumentException($"The bottleneck ({Options.BottleneckSize}) must be smaller than the input ({inputs} values in '{Options.FeatureColumnName}'): an autoencoder learns a compressed code.");
        if (!Options.Convolutional)
            return (NetworkSpec.Mlp(shape, Options.HiddenSizes, Options.BottleneckSize),
                    NetworkSpec.Mlp([Options.BottleneckSize], Options.HiddenSizes.Reverse().ToArray(), inputs));
        int[] channels = Options.ConvolutionalChannels;
        int factor = 1 << channels.Length;
        if (shape is not [var c, var h, var w] || h % factor != 0 || w % factor != 0)
            throw new ArgumentException($"A convolutional autoencoder with {channels.Length} stride-2 layers needs [C, H, W] images with H and W divisible by {factor}; '{Options.FeatureColumnName}' is [{string.Join(", ", shape)}].");
        int ch = h / factor, cw = w / factor, last = channels[^1], flat = last * ch * cw;
        var encoder = new List<LayerSpec>();
        int previous = c;
        foreach (int k in channels)
        {
            encoder.Add(new("Conv2d", In: previous, Out: k, Kernel: 3, Stride: 2, Padding: 1));
            encoder.Add(new("ReLU"));
            previous = k;
        }
        encoder.Add(new("Flatten"));
        encoder.Add(new("Linear", In: flat, Out: Options.BottleneckSize));
        var decoder = new List<LayerSpec> { new("Linear", In: Options.BottleneckSize, Out: flat), new("ReLU"), new("Reshape", Shape: [last, ch, cw]) };
        for (int i = channels.Length - 1; i >= 0; i--)
        {
            int to = i == 0 ? c : channels[i - 1];
            decoder.Add(new("ConvTranspose2d", In: channels[i], Out: to, Kernel: 4, Stride: 2, Padding: 1));
            if (i > 0) decoder.Add(new("ReLU"));
        }
        decoder.Add(new("Flatten"));
        return (new NetworkSpec(shape, encoder.ToArray()), new NetworkSpec([Options.BottleneckSize], decoder.ToArray()));
    }

    /// <inheritdoc />
    public AutoencoderModel Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        int[] shape = Trainers.FeatureColumn.Shape(input.Schema, Options.FeatureColumnName);
        var (encoderSpec, decoderSpec) = Specs(shape);
        using var generator = new Generator(_seed);
        using var useGenerator = Engine.UseGenerator(generator);
        var encoder = encoderSpec.Build();
        var decoder = decoderSpec.Build();
        try
        {
            IDataView train = input;
            IDataView? validation = null;
            if (Options.Training.ValidationFraction > 0)
            {
                var split = _context.Data.TrainTestSplit(input, Options.Training.ValidationFraction, seed: _seed);
                (train, validation) = (_context.Data.Cache(split.TrainSet), _context.Data.Cache(split.TestSet));
            }
            var task = new ReconstructionTask(encoder, decoder, Options);
            new TrainingLoop(task, Options.Training with { Network = null }, _seed, Callbacks.ToList()).Run(train, validation);
            return new AutoencoderModel(encoderSpec, encoder, decoderSpec, decoder, Options.FeatureColumnName);
        }
        catch
        {
            encoder.Dispose();
            decoder.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        inputSchema.RequireSingleVector(Options.FeatureColumnName);
        return new SchemaShape(inputSchema.Concat(
        [
            new SchemaShape.Column("Embedding", SchemaShape.VectorKind.Vector, NumberDataViewType.Single),
            new SchemaShape.Column("Reconstruction", SchemaShape.VectorKind.Vector, NumberDataViewType.Single),
            new SchemaShape.Column("ReconstructionError", SchemaShape.VectorKind.Scalar, NumberDataViewType.Single),
        ]));
    }

    /// <summary>Corrupt (when denoising), encode, decode; mean squared error against the clean input.</summary>
    private sealed class ReconstructionTask(Sequential encoder, Sequential decoder, AutoencoderOptions options) : TrainingTask
    {
        private readonly Adam _adam = new(encoder.Parameters().Concat(decoder.Parameters()), options.Training.LearningRate);
        private readonly Sequential _both = new(encoder, decoder);

        public override IReadOnlyList<string> Columns => [options.FeatureColumnName];
        public override IReadOnlyList<(string Name, Module Module)> Modules => [("encoder", encoder), ("decoder", decoder)];
        public override IReadOnlyList<(string Name, Optimizer Optimizer)> Optimizers => [("optimizer", _adam)];

        private static Tensor Loss(Sequential encoder, Sequential decoder, Tensor noisy, Tensor clean)
        {
            Tensor output = decoder.Forward(encoder.Forward(noisy));
            return Functional.MseLoss(output, clean.Reshape(clean.Shape[0], -1));
        }

        public override StepResult Train(TensorBatch batch, TrainingStep step)
        {
            Tensor x = batch[options.FeatureColumnName];
            Tensor noisy = x;
            if (options.NoiseStd > 0) noisy = noisy.Add(Tensors.Normal(0, options.NoiseStd, x.Shape));
            if (options.MaskingProbability > 0) noisy = noisy.Mul(Tensors.Rand(x.Shape).Gt(options.MaskingProbability).To(DType.Float32));
            var loss = Loss(encoder, decoder, noisy, x);
            double v = step.CheckLoss(loss, "the reconstruction loss");
            step.Update(loss, _adam, _both);
            return new StepResult(v);
        }

        public override StepResult Evaluate(TensorBatch batch)
        {
            Tensor x = batch[options.FeatureColumnName];
            return new(Loss(encoder, decoder, x, x).ToDouble());
        }
    }
}
