using System.Runtime.CompilerServices;
using MlNetDeep.Data;
using MlNetDeep.Model;

namespace MlNetDeep.AutoML.Ensembles;

/// <summary>
/// Multiclass pipelines whose class probabilities are averaged with weights: the ensemble
/// AutoML builds from its best trials (<see cref="EnsembleSelection"/>). Each member is a whole
/// fitted pipeline over the same feature column that outputs <c>Score</c> and
/// <c>PredictedLabel</c> over the same classes; the ensemble outputs the weighted mean
/// <c>Score</c> and its arg-max as <c>PredictedLabel</c>, with the first member's class names.
/// The members' scores must be probabilities (logistic regression, boosted trees, neural
/// networks; not an SVM's votes or margins), which the schema cannot show. Saved in a model
/// zip with its members as child components.
/// </summary>
public sealed class WeightedEnsembleModel : RowToRowTransformerBase, IModelComponent, IDisposable
{
    internal const string Name = "WeightedEnsemble";

    /// <summary>The most members a saved ensemble may have (a loader's cap).</summary>
    public const int MaxMembers = 64;

    private readonly ITransformer[] _members;
    private readonly double[] _weights;
    private readonly ConditionalWeakTable<DataViewRowCursor, RowScorer> _scorers = new();

    /// <summary>Combines <paramref name="members"/> with <paramref name="weights"/> (positive; normalized to sum to 1).</summary>
    /// <exception cref="ArgumentException">No members, more than <see cref="MaxMembers"/>, counts that differ, or a weight that is not positive and finite.</exception>
    public WeightedEnsembleModel(IReadOnlyList<ITransformer> members, IReadOnlyList<double> weights, string featureColumnName = "Features")
    {
        ArgumentNullException.ThrowIfNull(members);
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentException.ThrowIfNullOrEmpty(featureColumnName);
        if (members.Count == 0 || members.Count > MaxMembers) throw new ArgumentException($"An ensemble needs 1 to {MaxMembers} members; got {members.Count}.", nameof(members));
        if (weights.Count != members.Count) throw new ArgumentException($"{members.Count} members need {members.Count} weights; got {weights.Count}.", nameof(weights));
        double sum = 0;
        for (int i = 0; i < weights.Count; i++)
        {
            if (!(weights[i] > 0 && double.IsFinite(weights[i]))) throw new ArgumentException($"Weight {i} is {weights[i]}; weights must be positive and finite.", nameof(weights));
            sum += weights[i];
        }
        _members = new ITransformer[members.Count];
        _weights = new double[members.Count];
        for (int i = 0; i < _members.Length; i++)
        {
            _members[i] = members[i] ?? throw new ArgumentException($"Member {i} is null.", nameof(members));
            _weights[i] = weights[i] / sum;
        }
        FeatureColumnName = featureColumnName;
    }

    /// <summary>The member pipelines.</summary>
    public IReadOnlyList<ITransformer> Members => _members;

    /// <summary>Their weights (summing to 1).</summary>
    public IReadOnlyList<double> Weights => _weights;

    /// <summary>The feature column every member reads.</summary>
    public string FeatureColumnName { get; }

    /// <inheritdoc />
    protected override IReadOnlyList<MappedColumn> MapColumns(DataViewSchema input)
    {
        var feature = input.GetColumnOrNull(FeatureColumnName) ?? throw new SchemaMismatchException(FeatureColumnName, "the members' feature column", null);
        DataViewSchema.Column? score = null, label = null;
        for (int i = 0; i < _members.Length; i++)
        {
            var output = _members[i].GetOutputSchema(input);
            var s = output.GetColumnOrNull("Score");
            var l = output.GetColumnOrNull("PredictedLabel");
            if (s?.Type is not VectorDataViewType { IsKnownSize: true, ItemType: var item } v || item != NumberDataViewType.Single || l?.Type is not KeyDataViewType key || (ulong)v.Size != key.Count)
                throw new ArgumentException($"Ensemble member {i} must output Score (one Single per class) and PredictedLabel (a key over the same classes); it outputs Score: {s?.Type.ToString() ?? "none"}, PredictedLabel: {l?.Type.ToString() ?? "none"}.");
            if (score is not null && !score.Type.Equals(s.Type))
                throw new ArgumentException($"Ensemble member {i} scores {s.Type}; member 0 scores {score.Type}: the members must predict the same classes.");
            score ??= s;
            label ??= l;
        }
        int classes = ((VectorDataViewType)score!.Type).Size;
        return
        [
            new MappedColumn("Score", score.Type, score.Annotations, [feature], c =>
            {
                var scorer = Scorer(c);
                return (ValueGetter<VBuffer<float>>)((ref VBuffer<float> dst) =>
                {
                    float[] mean = scorer.Scores();
                    float[] buf = dst.Reuse(classes);
                    mean.CopyTo(buf, 0);
                    dst = new VBuffer<float>(classes, buf);
                });
            }),
            new MappedColumn("PredictedLabel", label!.Type, label.Annotations, [feature], c =>
            {
                var scorer = Scorer(c);
                return (ValueGetter<uint>)((ref uint key) => key = (uint)System.Numerics.Tensors.TensorPrimitives.IndexOfMax(scorer.Scores()) + 1);
            }),
        ];
    }

    private RowScorer Scorer(DataViewRowCursor cursor) => _scorers.GetValue(cursor, c => new RowScorer(this, c));

    /// <summary>Runs every member once per row of one cursor, however many columns read it.</summary>
    private sealed class RowScorer
    {
        private readonly DataViewRowCursor _input;
        private readonly DataViewRowCursor[] _cursors;
        private readonly ValueGetter<VBuffer<float>>[] _getters;
        private readonly double[] _weights;
        private float[] _mean = [];
        private VBuffer<float> _buffer;
        private long _scored = -1;

        public RowScorer(WeightedEnsembleModel model, DataViewRowCursor input)
        {
            _input = input;
            _weights = model._weights;
            _cursors = new DataViewRowCursor[model._members.Length];
            _getters = new ValueGetter<VBuffer<float>>[model._members.Length];
            var row = new CurrentRowView(input, model.FeatureColumnName);
            for (int i = 0; i < _cursors.Length; i++)
            {
                var view = model._members[i].Transform(row);
                var score = view.Schema["Score"];
                _cursors[i] = view.GetRowCursor([score]);
                _getters[i] = _cursors[i].GetGetter<VBuffer<float>>(score);
            }
        }

        public float[] Scores()
        {
            if (_scored == _input.Position) return _mean;
            double[]? sum = null;
            for (int i = 0; i < _cursors.Length; i++)
            {
                if (!_cursors[i].MoveNext()) throw new InvalidOperationException($"Ensemble member {i} produced no row (does it filter rows?).");
                _getters[i](ref _buffer);
                var values = _buffer.GetValues();
                sum ??= new double[values.Length];
                for (int k = 0; k < values.Length; k++) sum[k] += _weights[i] * values[k];
            }
            if (_mean.Length != sum!.Length) _mean = new float[sum.Length];
            for (int k = 0; k < sum.Length; k++) _mean[k] = (float)sum[k];
            _scored = _input.Position;
            return _mean;
        }
    }

    /// <summary>
    /// A view of one cursor's current row, again and again: each member's pipeline reads the
    /// ensemble's input row through it, one row per move of the ensemble's cursor.
    /// </summary>
    private sealed class CurrentRowView(DataViewRowCursor source, string feature) : IDataView
    {
        public DataViewSchema Schema => source.Schema;
        public bool CanShuffle => false;
        public long? GetRowCount() => null;

        public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) => new Cursor(source, feature);

        private sealed class Cursor(DataViewRowCursor source, string feature) : DataViewRowCursor
        {
            private long _position = -1;

            public override DataViewSchema Schema => source.Schema;
            public override long Position => _position;
            public override long RowId => source.RowId;

            public override bool MoveNext()
            {
                _position++;
                return true;
            }

            public override bool IsColumnActive(DataViewSchema.Column column) => source.IsColumnActive(column);

            public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
            {
                if (!source.IsColumnActive(column))
                    throw new InvalidOperationException($"An ensemble member reads column '{column.Name}'; an ensemble passes its members only its feature column '{feature}'.");
                return source.GetGetter<TValue>(column);
            }
        }
    }

    /// <inheritdoc />
    public string ComponentName => Name;

    /// <inheritdoc />
    public void Save(ModelSaveContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var ids = new string[_members.Length];
        for (int i = 0; i < ids.Length; i++) ids[i] = context.SaveComponent(_members[i]);
        context.WriteJson("ensemble.json", new State(ids, _weights, FeatureColumnName), EnsembleJson.Default.State);
    }

    internal sealed record State(string[] Members, double[] Weights, string FeatureColumnName);

    internal static ITransformer Load(ModelLoadContext c)
    {
        var state = c.ReadJson("ensemble.json", j => new State(j["Members"].GetStringArray()!, j["Weights"].GetArray(w => w.GetDouble())!, j["FeatureColumnName"].GetString()!));
        if (state.Members is not { Length: > 0 and <= MaxMembers } || state.Weights is null || state.Weights.Length != state.Members.Length || string.IsNullOrEmpty(state.FeatureColumnName))
            throw c.Error("ensemble.json", $"an ensemble needs 1 to {MaxMembers} members, one weight each, and its feature column");
        var members = new ITransformer[state.Members.Length];
        for (int i = 0; i < members.Length; i++)
            members[i] = c.LoadComponent(state.Members[i] ?? throw c.Error("ensemble.json", $"member {i} has no id"));
        try
        {
            return new WeightedEnsembleModel(members, state.Weights, state.FeatureColumnName);
        }
        catch (ArgumentException e)
        {
            throw c.Error("ensemble.json", e.Message);
        }
    }

    /// <summary>Disposes the members.</summary>
    public void Dispose()
    {
        foreach (var m in _members) AutoMLExperiment.Release(m);
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(WeightedEnsembleModel.State))]
internal sealed partial class EnsembleJson : System.Text.Json.Serialization.JsonSerializerContext;

/// <summary>Registry names and loaders of the components defined in MlNetDeep.AutoML.</summary>
internal static class AutoMLComponents
{
#pragma warning disable CA2255 // Components must be registered before any model is loaded; ModelRegistry runs this module's initializer.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Register() => ModelRegistry.Register(WeightedEnsembleModel.Name, 1, WeightedEnsembleModel.Load);
}
