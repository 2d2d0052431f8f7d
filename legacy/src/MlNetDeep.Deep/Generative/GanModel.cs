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
/// thread. <see cref="Generate(IReadOnlyList{int}, IReadOnlyList{int})"/> makes examples, <see cref="Interpolate"/>
/// walks between two seeds' latents, <see cref="PngGrid"/> tiles grey images into a PNG. As a
/// transformer it reads an Int32 <c>Seed</c> column and adds <c>Generated</c>. A conditional
/// GAN also takes a class per example: an index into <see cref="Classes"/> in the API, and
/// the label column (a key, or a class name as text) in the transformer. Saved in the model
/// zip as the generator's spec and weights (the discriminator is not kept), plus the classes.
/// </summary>
public sealed class GanModel : RowToRowTransformerBase, IModelComponent, IDisposable
{
    private readonly Sequential _generator;

    private readonly GanCondition? _condition;

    internal GanModel(NetworkSpec spec, Sequential generator, string featureColumnName, GanCondition? condition)
    {
        Spec = spec;
        _generator = generator;
        _generator.Eval();
        _condition = condition;
        FeatureColumnName = featureColumnName;
        LatentSize = spec.InputShape[0] - (condition?.Classes.Length ?? 0);
        OutputShape = NetworkShapes.Of(spec).OutputShape.Select(d => (int)d).ToArray();
    }

    /// <summary>The generator's spec.</summary>
    public NetworkSpec Spec { get; }
    /// <summary>The column the GAN was trained on.</summary>
    public string FeatureColumnName { get; }
    /// <summary>The classes a conditional GAN generates, in index order (null: unconditional).</summary>
    public IReadOnlyList<string>? Classes => _condition?.Classes;
    /// <summary>The key column a conditional GAN was trained on and reads classes from (null: unconditional).</summary>
    public string? LabelColumnName => _condition?.LabelColumnName;
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

    /// <summary>The index of class <paramref name="name"/> in <see cref="Classes"/>.</summary>
    /// <exception cref="ArgumentException">The GAN is unconditional or has no such class (the message lists the classes).</exception>
    public int ClassIndex(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var classes = _condition?.Classes ?? throw new ArgumentException("This GAN is not conditioned on classes.");
        int i = Array.IndexOf(classes, name);
        return i >= 0 ? i : throw new ArgumentException($"No class '{name}'; the classes are {string.Join(", ", classes)}.");
    }

    /// <summary>
    /// Examples decoded from latent vectors (each <see cref="LatentSize"/> values); a conditional
    /// GAN takes one class index per latent in <paramref name="classes"/>.
    /// </summary>
    public float[][] Decode(IReadOnlyList<float[]> latents, IReadOnlyList<int>? classes = null)
    {
        ArgumentNullException.ThrowIfNull(latents);
        int k = _condition?.Classes.Length ?? 0;
        CheckClasses(classes, latents.Count);
        if (latents.Count == 0) return [];
        int width = LatentSize + k;
        var flat = new float[latents.Count * width];
        for (int i = 0; i < latents.Count; i++)
        {
            if (latents[i].Length != LatentSize) throw new ArgumentException($"Latent {i} has {latents[i].Length} values; the generator takes {LatentSize}.");
            latents[i].CopyTo(flat, i * width);
            if (k > 0) flat[i * width + LatentSize + classes![i]] = 1;
        }
        using var scope = Engine.NewDisposeScope();
        using var noGrad = Engine.NoGrad();
        float[] all = _generator.Forward(Tensor.FromArray(flat, latents.Count, width)).ToArray<float>();
        int size = all.Length / latents.Count;
        return Enumerable.Range(0, latents.Count).Select(i => all.AsSpan(i * size, size).ToArray()).ToArray();
    }

    private void CheckClasses(IReadOnlyList<int>? classes, int count)
    {
        if (_condition is null)
        {
            if (classes is not null) throw new ArgumentException("This GAN is not conditioned on classes; pass no classes.");
            return;
        }
        if (classes is null || classes.Count != count)
            throw new ArgumentException($"This GAN is conditioned on '{_condition.LabelColumnName}'; pass one class index (0..{_condition.Classes.Length - 1}) per example: {count} examples, {classes?.Count ?? 0} classes.");
        for (int i = 0; i < count; i++)
            if ((uint)classes[i] >= (uint)_condition.Classes.Length)
                throw new ArgumentOutOfRangeException(nameof(classes), $"Class index {classes[i]} (example {i}) is outside 0..{_condition.Classes.Length - 1}.");
    }

    /// <summary>One example per seed; a conditional GAN takes one class index per seed.</summary>
    public float[][] Generate(IReadOnlyList<int> seeds, IReadOnlyList<int>? classes = null) =>
        Decode((seeds ?? throw new ArgumentNullException(nameof(seeds))).Select(Latent).ToArray(), classes);

    /// <summary>
    /// <paramref name="count"/> examples from seeds <paramref name="firstSeed"/>, <paramref name="firstSeed"/> + 1, ….
    /// A conditional GAN makes them all of class <paramref name="classIndex"/>, or, when it is
    /// null, cycles through the classes (example i is of class i mod the class count).
    /// </summary>
    public float[][] Generate(int count, int firstSeed = 0, int? classIndex = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return Generate(Enumerable.Range(firstSeed, count).ToArray(), ClassesFor(count, classIndex));
    }

    private int[]? ClassesFor(int count, int? classIndex)
    {
        if (_condition is null)
            return classIndex is null ? null : throw new ArgumentException("This GAN is not conditioned on classes; pass no class.");
        int k = _condition.Classes.Length;
        return Enumerable.Range(0, count).Select(i => classIndex ?? i % k).ToArray();
    }

    /// <summary>
    /// <paramref name="steps"/> examples along the straight line from <paramref name="fromSeed"/>'s
    /// latent to <paramref name="toSeed"/>'s (of class <paramref name="classIndex"/> for a conditional GAN, which needs one).
    /// </summary>
    public float[][] Interpolate(int fromSeed, int toSeed, int steps, int? classIndex = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 2);
        if (_condition is not null && classIndex is null)
            throw new ArgumentException($"This GAN is conditioned on '{_condition.LabelColumnName}'; pass the class to interpolate within.");
        float[] a = Latent(fromSeed), b = Latent(toSeed);
        return Decode(Enumerable.Range(0, steps).Select(s =>
        {
            float t = s / (float)(steps - 1);
            return a.Select((v, i) => v + t * (b[i] - v)).ToArray();
        }).ToArray(), ClassesFor(steps, classIndex));
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
        var type = new VectorDataViewType(NumberDataViewType.Single, OutputShape.ToArray());
        if (_condition is null)
            return
            [
                new("Generated", type, null, [seed], cursor =>
                {
                    var get = cursor.GetGetter<int>(seed);
                    int s = 0;
                    return (ValueGetter<VBuffer<float>>)((ref VBuffer<float> dst) => { get(ref s); dst = new VBuffer<float>(size, Generate([s])[0]); });
                }),
            ];
        string expected = $"the class to generate: a key of {_condition.Classes.Length} classes, or a class name as text";
        var label = input.GetColumnOrNull(_condition.LabelColumnName) ?? throw new SchemaMismatchException(_condition.LabelColumnName, expected, null);
        bool text = label.Type == TextDataViewType.Instance;
        if (!text && (label.Type is not KeyDataViewType key || key.Count != (ulong)_condition.Classes.Length))
            throw new SchemaMismatchException(_condition.LabelColumnName, expected, label.Type.ToString());
        return
        [
            new("Generated", type, null, [seed, label], cursor =>
            {
                var getSeed = cursor.GetGetter<int>(seed);
                Func<int> getClass = text ? TextClass(cursor.GetGetter<string>(label)) : KeyClass(cursor.GetGetter<uint>(label));
                int s = 0;
                return (ValueGetter<VBuffer<float>>)((ref VBuffer<float> dst) => { getSeed(ref s); dst = new VBuffer<float>(size, Generate([s], [getClass()])[0]); });
            }),
        ];
    }

    private Func<int> KeyClass(ValueGetter<uint> get)
    {
        uint v = 0;
        return () =>
        {
            get(ref v);
            return v != 0 ? (int)v - 1 : throw new ArgumentException($"Column '{_condition!.LabelColumnName}' has a missing class; every row needs the class to generate.");
        };
    }

    private Func<int> TextClass(ValueGetter<string> get)
    {
        string v = "";
        return () =>
        {
            get(ref v);
            return ClassIndex(v ?? "");
        };
    }

    /// <inheritdoc />
    public string ComponentName => _condition is null ? DeepComponents.Gan : DeepComponents.ConditionalGan;

    /// <inheritdoc />
    public void Save(ModelSaveContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.WriteJson("network.json", new NeuralModelBase.NetworkState(Spec, FeatureColumnName, false), DeepJson.Default.NetworkState);
        context.WriteTensors("weights.mndt", _generator.StateDict());
        if (_condition is not null) context.WriteJson("condition.json", _condition, DeepJson.Default.GanCondition);
    }

    internal static ITransformer Load(ModelLoadContext c) => Load(c, null);

    internal static ITransformer LoadConditional(ModelLoadContext c) => Load(c, c.ReadJson("condition.json", j =>
    {
        var classes = j["Classes"].GetArray(v => v.GetRequiredString()) ?? throw j.Error("the classes are missing");
        if (classes.Length is < 2 or > 1024) throw j.Error($"a conditional GAN has 2 to 1024 classes; this one has {classes.Length}");
        return new GanCondition(j["LabelColumnName"].GetRequiredString(), classes);
    }));

    private static ITransformer Load(ModelLoadContext c, GanCondition? condition) => NeuralModelBase.LoadNetwork(c, (s, net) =>
        s.Spec.InputShape is [var width and > 0 and <= 4096 + 1024] && width > (condition?.Classes.Length ?? 0)
            ? new GanModel(s.Spec, net, s.FeatureColumnName, condition)
            : throw c.Error("network.json", $"a generator takes one latent vector{(condition is null ? "" : $" followed by {condition.Classes.Length} class values")}; this spec takes [{string.Join(", ", s.Spec.InputShape)}]"));

    /// <summary>Releases the generator.</summary>
    public void Dispose() => _generator.Dispose();
}
