// Polynomial curve fitting (Bishop, Pattern Recognition and Machine Learning, §1.1): fit
// polynomials of order M to 10 noisy points of sin(2πx) with ridge regression, and watch
// order 9 thread every point with huge coefficients until a small λ tames it.
//
//   dotnet run --project samples/CurveFitting
using System.Globalization;
using MlNetDeep;
using MlNetDeep.Classical.Linear;
using MlNetDeep.Data;

var ctx = new MLContext(seed: 1);
IDataView train = Points(10, seed: 1, evenlySpaced: true), test = Points(100, seed: 2, evenlySpaced: false);
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;

Console.WriteLine("Order M, ln λ, train RMS, test RMS, coefficients w0 … wM");
foreach (var (order, lnLambda) in new (int, double?)[] { (0, null), (1, null), (3, null), (9, null), (9, -18), (9, 0) })
{
    double lambda = lnLambda is { } l ? Math.Exp(l) : 0;
    // Degree 0 needs the constant column; otherwise the ridge intercept is w0.
    var model = ctx.Transforms.PolynomialFeatures("Features", "X", degree: order, includeBias: order == 0)
        .Append(ctx.Regression.Trainers.Ridge(l2Regularization: lambda))
        .Fit(train);
    var linear = model.LastTransformer!;
    double trainRms = ctx.Regression.Evaluate(model.Transform(train)).RootMeanSquaredError;
    double testRms = ctx.Regression.Evaluate(model.Transform(test)).RootMeanSquaredError;
    var w = new List<double> { linear.Bias[0] + (order == 0 ? linear.Weights(0)[0] : 0) };
    if (order > 0) w.AddRange(linear.Weights(0).ToArray());
    Console.WriteLine($"M = {order}, ln λ = {(lnLambda is { } v ? v.ToString("F0", CultureInfo.InvariantCulture) : "−∞"),3}, " +
        $"train {trainRms:F3}, test {testRms:F3}, w = [{string.Join(", ", w.Select(c => c.ToString("G4", CultureInfo.InvariantCulture)))}]");
}

// n points x evenly spaced on [0, 1] (or uniform), t = sin(2πx) + N(0, 0.3²).
static IDataView Points(int n, int seed, bool evenlySpaced)
{
    var rng = new Random(seed);
    var x = new float[n];
    var t = new float[n];
    for (int i = 0; i < n; i++)
    {
        x[i] = evenlySpaced ? i / (float)(n - 1) : (float)rng.NextDouble();
        double noise = Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
        t[i] = (float)(Math.Sin(2 * Math.PI * x[i]) + 0.3 * noise);
    }
    return new InMemoryDataViewBuilder().AddVector("X", x, 1).AddScalar("Label", t).Build();
}
