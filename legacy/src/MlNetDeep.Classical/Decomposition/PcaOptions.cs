namespace MlNetDeep.Classical.Decomposition;

/// <summary>How <see cref="PcaEstimator"/> finds the principal axes.</summary>
public enum PcaSolver
{
    /// <summary>Randomized when the rank is under a tenth of the feature count and there are over 500 features; otherwise full.</summary>
    Auto,
    /// <summary>Eigendecomposition of the d × d covariance in double precision: exact.</summary>
    Full,
    /// <summary>Randomized SVD (Halko, Martinsson and Tropp 2011): a seeded Gaussian sketch of rank + oversampling, power iterations, then a small SVD.</summary>
    Randomized,
}

/// <summary>Options of <see cref="PcaEstimator"/> (ML.NET's <c>ProjectToPrincipalComponents</c>, scikit-learn's <c>PCA</c>).</summary>
public sealed record PcaOptions
{
    /// <summary>Column to project (a Vector&lt;Single&gt; of known size, no NaN).</summary>
    public string InputColumnName { get; init; } = "Features";
    /// <summary>Column added: Vector&lt;Single, Rank&gt; of projections (may replace the input column).</summary>
    public string OutputColumnName { get; init; } = "Features";
    /// <summary>Principal components kept.</summary>
    public int Rank { get; init; } = 20;
    /// <summary>How the axes are found.</summary>
    public PcaSolver Solver { get; init; } = PcaSolver.Auto;
    /// <summary>Extra sketch columns of the randomized solver.</summary>
    public int Oversampling { get; init; } = 10;
    /// <summary>Power iterations of the randomized solver (sharpen the spectrum; scikit-learn uses 4 to 7).</summary>
    public int PowerIterations { get; init; } = 4;
    /// <summary>Divide each projection by its component's standard deviation (unit variance outputs).</summary>
    public bool Whiten { get; init; }
    /// <summary>Seed of the randomized sketch (null: the context's next seed).</summary>
    public int? Seed { get; init; }

    /// <summary>Checks every value.</summary>
    /// <exception cref="ArgumentException">A value is out of range; the message names it and gives the value received.</exception>
    public void Validate()
    {
        static void Check(bool ok, string message)
        {
            if (!ok) throw new ArgumentException(message);
        }
        Check(!string.IsNullOrEmpty(InputColumnName), "InputColumnName must be set.");
        Check(!string.IsNullOrEmpty(OutputColumnName), "OutputColumnName must be set.");
        Check(Rank > 0, $"Rank must be > 0. Received: {Rank}.");
        Check(Enum.IsDefined(Solver), $"Solver must be Auto, Full or Randomized. Received: {Solver}.");
        Check(Oversampling >= 0, $"Oversampling must be >= 0. Received: {Oversampling}.");
        Check(PowerIterations >= 0, $"PowerIterations must be >= 0. Received: {PowerIterations}.");
    }
}
