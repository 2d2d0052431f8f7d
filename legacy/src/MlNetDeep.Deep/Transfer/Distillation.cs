using MlNetDeep.Catalogs;
using MlNetDeep.Deep.Models;
using MlNetDeep.Deep.Networks;
using MlNetDeep.Deep.Trainers;
using MlNetDeep.Deep.Training;
using MlNetDeep.Torch;
using MlNetDeep.Torch.Nn;
using MlNetDeep.Torch.Optim;

namespace MlNetDeep.Deep.Transfer;

/// <summary>
/// Knowledge distillation (Hinton, Vinyals and Dean, 2015): a student network learns from a
/// fitted teacher's softened outputs as well as from the labels. The loss of a batch is
/// <c>w · T² · KL(softmax(teacher / T) || softmax(student / T)) + (1 − w) · cross-entropy(student, label)</c>.
/// </summary>
public sealed record DistillationOptions : DeepTrainerOptions
{
    /// <summary>The temperature T that softens both networks' outputs (Hinton et al. used 1 to 20; 4 is common).</summary>
    public double Temperature { get; init; } = 4;

    /// <summary>The weight w of the soft (teacher) loss; 1 − w goes to the labels.</summary>
    public double SoftLossWeight { get; init; } = 0.9;

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        if (!(Temperature > 0) || !double.IsFinite(Temperature)) throw new ArgumentException($"Temperature must be a finite number > 0. Received: {Temperature}.");
        if (SoftLossWeight is < 0 or > 1 || double.IsNaN(SoftLossWeight)) throw new ArgumentException($"SoftLossWeight must be in [0, 1]. Received: {SoftLossWeight}.");
    }
}

/// <summary>The student's side of distillation: the default student network and the mixed loss.</summary>
internal sealed class Distillation(NeuralClassifierModel teacher, DistillationOptions options) : NetworkSetup
{
    internal override NetworkSpec Spec(int[] featureShape, int outputs, string labelColumn, NetworkSpec? requested)
    {
        if (teacher.Outputs != outputs)
            throw new ArgumentException($"Class-count mismatch: the teacher scores {teacher.Outputs} classes but label '{labelColumn}' has {outputs}.");
        if (teacher.InputSize != featureShape.Aggregate(1, (a, b) => a * b))
            throw new ArgumentException($"The teacher reads {teacher.InputSize} values per example; the feature column has [{string.Join(", ", featureShape)}].");
        return requested ?? (featureShape is [1, 28, 28] ? NetworkSpec.TinyCnn(outputs) : NetworkSpec.Mlp(featureShape, [128], outputs));
    }

    internal override void Initialize(Sequential net)
    {
    }

    internal override IEnumerable<ParamGroup> Groups(Sequential net, DeepTrainerOptions o) => [new ParamGroup(net.Parameters())];

    internal override void BeginEpoch(Sequential net, int epoch)
    {
    }

    internal override Tensor Loss(Tensor input, Tensor output, Tensor label, Func<Tensor, Tensor, Tensor> hard)
    {
        double t = options.Temperature, w = options.SoftLossWeight;
        Tensor teacherLogits;
        using (Engine.NoGrad())
            teacherLogits = teacher.Network.Forward(input.View([input.Size(0), .. teacher.Spec.InputShape.Select(d => (long)d)]));
        Tensor soft = Functional.KlDiv(output.Div(t).LogSoftmax(1), teacherLogits.Div(t).Softmax(1), reduction: Reduction.Sum).Div(input.Size(0)).Mul(t * t);
        return w == 1 ? soft : soft.Mul(w).Add(hard(output, label).Mul(1 - w));
    }
}

/// <summary>Distillation on <c>ctx.MulticlassClassification.Trainers</c>.</summary>
public static class DistillationCatalog
{
    /// <summary>
    /// Trains a student classifier (<see cref="DeepTrainerOptions.Network"/>, or by default <see cref="NetworkSpec.TinyCnn"/>
    /// for 28x28 images and an MLP otherwise) from <paramref name="teacher"/>'s softened outputs and the labels.
    /// The teacher reads the same feature column and must score the label's classes.
    /// </summary>
    public static NeuralClassificationTrainer Distill(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, NeuralClassifierModel teacher,
        DistillationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(teacher);
        options ??= new DistillationOptions();
        options.Validate();
        return new NeuralClassificationTrainer(catalog.Context, options, new Distillation(teacher, options));
    }

    /// <summary>
    /// As above, with the teacher read from the model zip at <paramref name="teacherPath"/> (the form a
    /// pipeline spec writes): the zip's neural classifier (the last one, in a pipeline).
    /// </summary>
    /// <exception cref="ArgumentException">The zip holds no neural classifier.</exception>
    public static NeuralClassificationTrainer Distill(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, string teacherPath,
        DistillationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentException.ThrowIfNullOrEmpty(teacherPath);
        var model = catalog.Context.Model.Load(teacherPath, out _);
        var teacher = NeuralModelBase.FindLast<NeuralClassifierModel>(model)
            ?? throw new ArgumentException($"{teacherPath} holds no neural classifier to teach from.", nameof(teacherPath));
        return Distill(catalog, teacher, options);
    }
}
