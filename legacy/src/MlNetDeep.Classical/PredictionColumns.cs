using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using MlNetDeep.Data;

namespace MlNetDeep.Classical;

/// <summary>What a classical model's raw outputs are, which fixes the ML.NET columns it adds.</summary>
internal enum OutputKind
{
    /// <summary>Class probabilities: <c>Score</c> (slot-named by class), <c>PredictedLabel</c> (key, the most probable class).</summary>
    ClassProbabilities,
    /// <summary>Class scores that are not probabilities (one-vs-rest margins, one-vs-one votes): <c>Score</c> (slot-named by class), <c>PredictedLabel</c> (key, the largest).</summary>
    ClassMargins,
    /// <summary>The positive class's probability: <c>Probability</c>, <c>Score</c> (its logit), <c>PredictedLabel</c> (Boolean, &gt; 0.5).</summary>
    PositiveProbability,
    /// <summary>A signed margin: <c>Score</c>, <c>PredictedLabel</c> (Boolean, margin &gt; 0).</summary>
    Margin,
    /// <summary>A value: <c>Score</c>.</summary>
    Value,
    /// <summary>Squared distances to k cluster centres: <c>Score</c> (the distances), <c>PredictedLabel</c> (key 1..k, the nearest).</summary>
    ClusterDistances,
}

/// <summary>
/// The ML.NET output columns of the classical models (the deep models add the same), built
/// over a per-cursor <see cref="RowScorer"/> so each row is scored once.
/// </summary>
/// <remarks>For <see cref="OutputKind.ClusterDistances"/>, <c>classNames</c> is empty and <c>clusters</c> gives the width.</remarks>
internal sealed class PredictionColumns(OutputKind kind, IReadOnlyList<string> classNames, int featureCount, RowScorer.Score score, int clusters = 0)
{
    private readonly ConditionalWeakTable<DataViewRowCursor, RowScorer> _scorers = new();

    /// <summary>Values per row: the class count for class outputs, the cluster count for distances, else 1.</summary>
    public int Outputs { get; } = kind switch
    {
        OutputKind.ClassProbabilities or OutputKind.ClassMargins => classNames.Count,
        OutputKind.ClusterDistances => clusters,
        _ => 1,
    };

    /// <summary>The columns added for <paramref name="input"/>.</summary>
    /// <exception cref="SchemaMismatchException">The feature column is missing or not a Vector&lt;Single&gt; of the model's size.</exception>
    public IReadOnlyList<MappedColumn> Map(DataViewSchema input, string featureColumnName)
    {
        var col = input.RequireSingleVector(featureColumnName, featureCount);
        MappedColumn Column<T>(string name, DataViewType type, IReadOnlyDictionary<string, object>? annotations, Func<RowScorer, ValueGetter<T>> getter) =>
            new(name, type, annotations, [col], c => getter(_scorers.GetValue(c, cursor => new RowScorer(cursor, cursor.GetGetter<VBuffer<float>>(col), Outputs, score))));
        switch (kind)
        {
            case OutputKind.ClassProbabilities or OutputKind.ClassMargins:
            {
                int k = Outputs;
                string[] names = classNames.ToArray();
                return
                [
                    Column<VBuffer<float>>("Score", new VectorDataViewType(NumberDataViewType.Single, k), new Dictionary<string, object> { [AnnotationNames.SlotNames] = names },
                        s => (ref VBuffer<float> dst) =>
                        {
                            float[] buf = dst.Reuse(k);
                            s.Outputs().CopyTo(buf, 0);
                            dst = new VBuffer<float>(k, buf);
                        }),
                    Column<uint>("PredictedLabel", new KeyDataViewType((ulong)k), new Dictionary<string, object> { [AnnotationNames.KeyValues] = names },
                        s => (ref uint key) => key = (uint)TensorPrimitives.IndexOfMax(s.Outputs()) + 1),
                ];
            }
            case OutputKind.ClusterDistances:
            {
                int k = Outputs;
                return
                [
                    Column<VBuffer<float>>("Score", new VectorDataViewType(NumberDataViewType.Single, k), null, s => (ref VBuffer<float> dst) =>
                    {
                        float[] buf = dst.Reuse(k);
                        s.Outputs().CopyTo(buf, 0);
                        dst = new VBuffer<float>(k, buf);
                    }),
                    Column<uint>("PredictedLabel", new KeyDataViewType((ulong)k), null, s => (ref uint key) => key = (uint)TensorPrimitives.IndexOfMin(s.Outputs()) + 1),
                ];
            }
            case OutputKind.PositiveProbability:
                return
                [
                    Column<float>("Probability", NumberDataViewType.Single, null, s => (ref float p) => p = s.Outputs()[0]),
                    Column<float>("Score", NumberDataViewType.Single, null, s => (ref float m) =>
                    {
                        float q = Math.Clamp(s.Outputs()[0], 1e-7f, 1 - 1e-7f);
                        m = MathF.Log(q / (1 - q));
                    }),
                    Column<bool>("PredictedLabel", BooleanDataViewType.Instance, null, s => (ref bool b) => b = s.Outputs()[0] > 0.5f),
                ];
            case OutputKind.Margin:
                return
                [
                    Column<float>("Score", NumberDataViewType.Single, null, s => (ref float m) => m = s.Outputs()[0]),
                    Column<bool>("PredictedLabel", BooleanDataViewType.Instance, null, s => (ref bool b) => b = s.Outputs()[0] > 0),
                ];
            default:
                return [Column<float>("Score", NumberDataViewType.Single, null, s => (ref float y) => y = s.Outputs()[0])];
        }
    }

    /// <summary>The columns a trainer of this kind adds (for <see cref="IEstimator{T}.GetOutputSchema"/>).</summary>
    public static SchemaShape.Column[] Shape(OutputKind kind) => kind switch
    {
        OutputKind.ClassProbabilities or OutputKind.ClassMargins or OutputKind.ClusterDistances =>
        [
            new("Score", SchemaShape.VectorKind.Vector, NumberDataViewType.Single),
            new("PredictedLabel", SchemaShape.VectorKind.Scalar, KeyDataViewType.Unknown),
        ],
        OutputKind.PositiveProbability =>
        [
            new("Probability", SchemaShape.VectorKind.Scalar, NumberDataViewType.Single),
            new("Score", SchemaShape.VectorKind.Scalar, NumberDataViewType.Single),
            new("PredictedLabel", SchemaShape.VectorKind.Scalar, BooleanDataViewType.Instance),
        ],
        OutputKind.Margin =>
        [
            new("Score", SchemaShape.VectorKind.Scalar, NumberDataViewType.Single),
            new("PredictedLabel", SchemaShape.VectorKind.Scalar, BooleanDataViewType.Instance),
        ],
        _ => [new("Score", SchemaShape.VectorKind.Scalar, NumberDataViewType.Single)],
    };
}
