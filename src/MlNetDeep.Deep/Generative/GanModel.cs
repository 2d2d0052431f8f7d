using MlNetDeep.Data;
using MlNetDeep.Data.Images;
using MlNetDeep.Deep.Models;
using MlNetDeep.Deep.Networks;
using MlNetDeep.Model;
using MlNetDeep.Torch;
using MlNetDeep.Torch.Nn;

namespace MlNetDeep.Deep.Generative;

/// <summary>
/// A trained GAN's generator. Each seed names one latent vector z ~ N(0, I) (drawn from a
/// generator seeded with it), so the same seed gives the same example on any machine and
/// thread. <see cref="Generate(IReadOnlyList{int})"/> makes examples, <see cref="Interpolate"/>
/// walks between two seeds' latents, <see cref="PngGrid"/> tiles grey images into a PNG. As a
/// transformer it reads an Int32 <c>Seed</c> column and adds <c>Generated</c>. Saved in the
/// model zip as the generator's spec and weights (the discriminator is not kept).
/// </summary>
public sealed class GanModel : RowToRowTransformerBase, IModelComponent, IDisposable
{
    private readonly Sequential _generator;

    internal GanModel(NetworkSpec spec, Sequential generator, string featureColumnName)
    {
        Spec = spec;
        _generator = generator;
        _generator.Eval();
        FeatureColumnName = featureColumnName;
        LatentSize = spec.InputShape[0];
        OutputShape = NetworkShapes.Of(spec).OutputShape.Select(d => (int)d).ToArray();
    }

    /// <summary>The generator's spec.</summary>
    public NetworkSpec Spec { get; }
    /// <summary>The column the GAN was trained on.</summary>
    public string FeatureColumnName { get; }
    /// <summary>Size of z.</summary>
    public int LatentSize { get; }
    /// <summary>Shape of one generated example.</summary>
    public IReadOnlyList<int> OutputShape { get; }

    /// <summary>The latent vector of <paramref name="seed"/>.</summary>
    public float[] Latent(int seed)
    {
        using var g = new Generator(seed);
        using var z = Tensors.Randn([LatentSize], generator: g);
        return z.ToArray<float>();
    }

    /// <summary>Examples decoded from latent vectors (each <see cref="LatentSize"/> values).</summary>
    public float[][] Decode(IReadOnlyList<float[]> latents)
    {
        ArgumentNullException.ThrowIfNull(latents);
        if (latents.Count == 0) return [];
        var flat = new float[latents.Count * LatentSize];
        for (int i = 0; i < latents.Count; i++)
        {
            if (latents[i].Length != LatentSize) throw new ArgumentException($"Latent {i} has {latents[i].Length} values; the generator takes {LatentSize}.");
            latents[i].CopyTo(flat, i * LatentSize);
        }
        using var scope = Engine.NewDisposeScope();
        using var noGrad = Engine.NoGrad();
        float[] all = _generator.Forward(Tensor.FromArray(flat, latents.Count, LatentSize)).ToArray<float>();
        int size = all.Length / latents.Count;
        return Enumerable.Range(0, latents.Count).Select(i => all.AsSpan(i * size, size).ToArray()).ToArray();
    }

    /// <summary>One example per seed.</summary>
    public float[][] Generate(IReadOnlyList<int> seeds) => Decode((seeds ?? throw new ArgumentNullException(nameof(seeds))).Select(Latent).ToArray());

    /// <summary><paramref name="count"/> examples from seeds <paramref name="firstSeed"/>, <paramref name="firstSeed"/> + 1, ….</summary>
    public float[][] Generate(int count, int firstSeed = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return Generate(Enumerable.Range(firstSeed, count).ToArray());
    }

    /// <summary><paramref name="steps"/> examples along the straight line from <paramref name="fromSeed"/>'s latent to <paramref name="toSeed"/>'s.</summary>
    public float[][] Interpolate(int fromSeed, int toSeed, int steps)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 2);
        float[] a = Latent(fromSeed), b = Latent(toSeed);
        return Decode(Enumerable.Range(0, steps).Select(s =>
        {
            float t = s / (float)(steps - 1);
            return a.Select((v, i) => v + t * (b[i] - v)).ToArray();
        }).ToArray());
    }

    /// <summary>Grey examples ([1, H, W] or [H, W], values in [0, 1]) tiled <paramref name="columns"/> wide into a PNG file.</summary>
    /// <exception cref="InvalidOperationException">The examples are not grey images.</exception>
    public byte[] PngGrid(IReadOnlyList<float[]> images, int columns = 8)
    {
        var (h, w) = OutputShape switch
        {
            [1, var hh, var ww] => (hh, ww),
            [var hh, var ww] => (hh, ww),
            _ => throw new InvalidOperationException($"Generated examples shaped [{string.Join(", ", OutputShape)}] are not grey images."),
        };
        return GreyPng.Grid(images, h, w, columns);
    }

    /// <inheritdoc />
    protected override IReadOnlyList<MappedColumn> MapColumns(DataViewSchema input)
    {
        var seed = input.GetColumnOrNull("Seed") ?? throw new SchemaMismatchException("Seed", "an Int32 column of seeds", null);
        if (seed.Type != NumberDataViewType.Int32) throw new SchemaMismatchException("Seed", "an Int32 column of seeds", seed.Type.ToString());
        int size = OutputShape.Aggregate(1, (a, b) => a * b);
        return
        [
            new("Generated", new VectorDataViewType(NumberDataViewType.Single, OutputShape.ToArray()), null, [seed], cursor =>
            {
                var get = cursor.GetGetter<int>(seed);
                int s = 0;
                return (ValueGetter<VBuffer<float>>)((ref VBuffer<float> dst) => { get(ref s); dst = new VBuffer<float>(size, Generate([s])[0]); });
            }),
        ];
    }

    /// <inheritdoc />
    public string ComponentName => DeepComponents.Gan;

    /// <inheritdoc />
    public void Save(ModelSaveContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.WriteJson("network.json", new NeuralModelBase.NetworkState(Spec, FeatureColumnName, false), DeepJson.Default.NetworkState);
        context.WriteTensors("weights.mndt", _generator.StateDict());
    }

    internal static ITransformer Load(ModelLoadContext c) => NeuralModelBase.LoadNetwork(c, (s, net) =>
        s.Spec.InputShape is [> 0 and <= 4096] ? new GanModel(s.Spec, net, s.FeatureColumnName)
            : throw c.Error("network.json", $"a generator takes one latent vector; this spec takes [{string.Join(", ", s.Spec.InputShape)}]"));

    /// <summary>Releases the generator.</summary>
    public void Dispose() => _generator.Dispose();
}
