using MlNetDeep.Data.Model;
using MlNetDeep.Model;
namespace MlNetDeep.Data.Transforms;

/// <summary>
/// PolynomialFeatures: expands a Single scalar or fixed-size vector x into every monomial of
/// total degree 0 (the bias, when included) up to <see cref="Degree"/>, in scikit-learn's
/// order (for a scalar: 1, x, x², …, x^M; for [a, b] and degree 2: 1, a, b, a², ab, b²).
/// Learns nothing; also its own estimator.
/// </summary>
public sealed class PolynomialFeaturesTransformer : TrivialOneToOneTransformer<PolynomialFeaturesTransformer>, IModelComponent
{
    /// <summary>Creates the transformer.</summary>
    public PolynomialFeaturesTransformer(string outputColumnName, string inputColumnName, int degree, bool includeBias = true)
        : base([(outputColumnName, inputColumnName)])
    {
        if (degree is < 0 or > 64) throw new ArgumentOutOfRangeException(nameof(degree), degree, "Degree must be in 0..64.");
        Degree = degree;
        IncludeBias = includeBias;
    }

    /// <summary>Highest total degree.</summary>
    public int Degree { get; }
    /// <summary>Whether the constant term 1 is the first output.</summary>
    public bool IncludeBias { get; }

    private protected override string ExpectedInput => NormalizingEstimator.Expected;

    /// <summary>The monomials as exponent lists over the input slots, in output order.</summary>
    internal List<int[]> Monomials(int inputs)
    {
        var terms = new List<int[]>();
        if (IncludeBias) terms.Add([]);
        // Degree d: non-decreasing index combinations of length d (combinations with replacement).
        for (int d = 1; d <= Degree; d++)
        {
            var combo = new int[d];
            while (true)
            {
                terms.Add((int[])combo.Clone());
                int k = d - 1;
                while (k >= 0 && combo[k] == inputs - 1) k--;
                if (k < 0) break;
                combo[k]++;
                for (int j = k + 1; j < d; j++) combo[j] = combo[k];
            }
            if (terms.Count > 1_000_000) throw new ArgumentException($"Degree {Degree} over {inputs} inputs makes more than a million features.");
        }
        return terms;
    }

    private protected override MappedColumn MapColumn(DataViewSchema.Column input, string outputName, int pairIndex)
    {
        if (!ColumnTypes.IsSingleOrVector(input.Type) || input.Type is VectorDataViewType { IsKnownSize: false })
            throw new SchemaMismatchException(input.Name, ExpectedInput, input.Type.ToString());
        int n = ColumnTypes.SlotCount(input.Type);
        var terms = Monomials(n);
        if (terms.Count == 0) throw new ArgumentException("Degree 0 without the bias term makes no features.");
        var type = new VectorDataViewType(NumberDataViewType.Single, terms.Count);
        return new MappedColumn(outputName, type, null, [input], c =>
        {
            Func<ReadOnlySpan<float>> read;
            if (input.Type is VectorDataViewType)
            {
                var g = c.GetGetter<VBuffer<float>>(input);
                var b = default(VBuffer<float>);
                read = () => { g(ref b); return b.GetValues(); };
            }
            else
            {
                var g = c.GetGetter<float>(input);
                var one = new float[1];
                read = () => { g(ref one[0]); return one; };
            }
            return (ValueGetter<VBuffer<float>>)((ref VBuffer<float> dst) =>
            {
                var x = read();
                float[] buf = dst.Reuse(terms.Count);
                for (int t = 0; t < terms.Count; t++)
                {
                    double p = 1;
                    foreach (int i in terms[t]) p *= x[i];
                    buf[t] = (float)p;
                }
                dst = new VBuffer<float>(terms.Count, buf);
            });
        });
    }

    /// <inheritdoc />
    public override SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        var (o, i) = Columns[0];
        var c = ColumnTypes.RequireSingle(inputSchema, i, ExpectedInput);
        int? n = c.Kind == SchemaShape.VectorKind.Scalar ? 1 : c.Dimensions?.Aggregate(1, (a, b) => a * b);
        return inputSchema.With(new SchemaShape.Column(o, SchemaShape.VectorKind.Vector, NumberDataViewType.Single, n is { } k ? [Monomials(k).Count] : null));
    }

    /// <inheritdoc />
    public string ComponentName => DataComponents.Polynomial;

    /// <inheritdoc />
    public void Save(ModelSaveContext context) => context.WriteJson("state.json", new State(Columns[0].OutputColumnName, Columns[0].InputColumnName, Degree, IncludeBias), DataJson.Default.PolynomialState);

    internal sealed record State(string Output, string Input, int Degree, bool IncludeBias);

    internal static ITransformer Load(ModelLoadContext c)
    {
        var s = c.ReadJson("state.json", DataJson.Default.PolynomialState);
        return new PolynomialFeaturesTransformer(s.Output, s.Input, s.Degree, s.IncludeBias);
    }
}
