using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using MlNetDeep.Models;
using MlNetDeep.Schema;
using MlNetDeep.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace MlNetDeep.Trainers;

/// <summary>
/// Trains a network multi-label classifier (one logit per label, sigmoid and binary cross-entropy
/// each) on a label vector of Booleans or 0/1 Singles. The model adds <c>Score</c>
/// (Vector&lt;Single, K&gt;: each label's probability, slots named as the label's) and
/// <c>PredictedLabel</c> (Vector&lt;Boolean, K&gt;: probability above <see cref="Options.Threshold"/>).
/// ML.NET has no multi-label task; the names follow its conventions.
/// </summary>
public sealed class DeepMultiLabelTrainer : DeepTrainerBase<DeepMultiLabelModel, DeepMultiLabelTrainer.Options>
{
    /// <summary>Options of <see cref="DeepMultiLabelTrainer"/>.</summary>
    public sealed record Options : DeepTrainerOptions
    {
        /// <summary>The probability above which a label is predicted (default 0.5).</summary>
        public float Threshold { get; set; } = 0.5f;

        /// <inheritdoc />
        public override void Validate()
        {
            base.Validate();
            Check(Threshold is > 0 and < 1, $"Threshold must be in (0, 1). Received: {Threshold}.");
        }
    }

    internal DeepMultiLabelTrainer(IHostEnvironment environment, Options options, NetworkSource network) : base(environment, options, network) { }

    private protected override string LabelExpected => "a vector of Boolean or Single (0/1) of known size, one slot per label";

    private protected override bool LabelFits(SchemaShape.Column label) =>
        label.Kind == SchemaShape.Column.VectorKind.Vector && !label.IsKey && (label.ItemType == BooleanDataViewType.Instance || label.ItemType == NumberDataViewType.Single);

    private protected override LabelInfo InspectLabel(DataViewSchema.Column label)
    {
        if (label.Type is not VectorDataViewType { Size: > 0 } v || (v.ItemType != BooleanDataViewType.Instance && v.ItemType != NumberDataViewType.Single))
            throw new SchemaMismatchException(TrainerOptions.LabelColumnName, LabelExpected, label.Type.ToString());
        string[] names = Enumerable.Range(0, v.Size).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();
        if (label.HasSlotNames() && label.Annotations.Schema[AnnotationKinds.SlotNames].Type is VectorDataViewType { Size: var n } && n == v.Size)
        {
            VBuffer<ReadOnlyMemory<char>> slots = default;
            label.GetSlotNames(ref slots);
            names = slots.DenseValues().Select(s => s.ToString()).ToArray();
        }
        return new LabelInfo(v.Size, $"{v.Size} labels", LabelValues.FromText(names));
    }

    private protected override Func<Tensor, Tensor, Tensor> Loss(LabelInfo label, Device device) =>
        static (output, y) => nn.functional.binary_cross_entropy_with_logits(output, y);

    private protected override Func<Tensor, Tensor, Tensor>? Correct =>
        (output, y) => output.sigmoid().gt(TrainerOptions.Threshold).eq(y.gt(0.5)).all(1).sum(); // rows with every label right

    private protected override SchemaShape.Column[] OutputShapes(SchemaShape.Column label) =>
    [
        SchemaShapes.Vector("Score", NumberDataViewType.Single, annotations: [SchemaShapes.Vector(AnnotationKinds.SlotNames, TextDataViewType.Instance), .. ScoreAnnotations.Shape()]),
        SchemaShapes.Vector("PredictedLabel", BooleanDataViewType.Instance, annotations: [SchemaShapes.Vector(AnnotationKinds.SlotNames, TextDataViewType.Instance), .. ScoreAnnotations.Shape()]),
    ];

    private protected override DeepMultiLabelModel MakeModel(nn.Module<Tensor, Tensor> network, PlannedNetwork plan, LabelInfo label, TrainingHistory history, Device device) =>
        new(network, plan.InputShape, plan.Spec, TrainerOptions.FeatureColumnName, history, device, label.Values!, TrainerOptions.Threshold);
}
