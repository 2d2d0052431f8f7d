using System.Numerics.Tensors;

namespace MlNetDeep.Classical.Clustering;

internal sealed partial class KMeansSolver
{
    /// <summary>
    /// Elkan's k-means (2003): the same iterations as <see cref="Lloyd"/>, but each row keeps an upper bound
    /// on the distance to its centre and a lower bound per other centre, and the triangle inequality (with
    /// the centre-to-centre distances) skips most distance computations once the centres settle. Pays off
    /// for larger k; costs n × k bounds of memory.
    /// </summary>
    public Run Elkan(float[] initial, int k, int maxIterations, double tolerance, CancellationToken cancellation)
    {
        int d = _d, n = _n;
        float[] centers = (float[])initial.Clone(), next = new float[k * d];
        var labels = new int[n];
        var upper = new float[n];
        var lower = new float[(long)n * k];
        var between = new float[k * k];
        var half = new float[k];
        var shift = new float[k];
        int blocks = Math.Min(Blocks, n), size = (n + blocks - 1) / blocks;
        int iteration = 0;
        while (iteration < maxIterations)
        {
            cancellation.ThrowIfCancellationRequested();
            iteration++;
            bool first = iteration == 1;
            if (!first)
            {
                // Centre-to-centre distances, and half the distance to each centre's nearest other centre.
                for (int a = 0; a < k; a++)
                    for (int b = 0; b < k; b++)
                        between[a * k + b] = a == b ? 0 : TensorPrimitives.Distance<float>(centers.AsSpan(a * d, d), centers.AsSpan(b * d, d));
                for (int a = 0; a < k; a++)
                {
                    float nearest = float.PositiveInfinity;
                    for (int b = 0; b < k; b++) if (b != a) nearest = Math.Min(nearest, between[a * k + b]);
                    half[a] = nearest / 2;
                }
            }
            var partials = new Partial[blocks];
            Parallel.For(0, blocks, Options, block =>
            {
                var p = partials[block] = new Partial(k, d);
                for (int i = block * size; i < Math.Min(n, (block + 1) * size); i++)
                {
                    var row = Row(i);
                    var bounds = lower.AsSpan(i * k, k);
                    int a;
                    if (first)
                    {
                        for (int c = 0; c < k; c++) bounds[c] = TensorPrimitives.Distance(row, centers.AsSpan(c * d, d));
                        a = TensorPrimitives.IndexOfMin<float>(bounds);
                        upper[i] = bounds[a];
                        p.Changed++;
                    }
                    else
                    {
                        a = labels[i];
                        if (upper[i] > half[a])
                        {
                            bool tight = false;
                            for (int c = 0; c < k; c++)
                            {
                                if (c == a || upper[i] <= bounds[c] || upper[i] <= between[a * k + c] / 2) continue;
                                if (!tight)
                                {
                                    upper[i] = bounds[a] = TensorPrimitives.Distance(row, centers.AsSpan(a * d, d));
                                    tight = true;
                                    if (upper[i] <= bounds[c] || upper[i] <= between[a * k + c] / 2) continue;
                                }
                                float dc = bounds[c] = TensorPrimitives.Distance(row, centers.AsSpan(c * d, d));
                                if (dc < upper[i])
                                {
                                    a = c;
                                    upper[i] = dc;
                                }
                            }
                        }
                        if (a != labels[i]) p.Changed++;
                    }
                    labels[i] = a;
                    p.Counts[a]++;
                    TensorPrimitives.Add(p.Sums.AsSpan(a * d, d), row, p.Sums.AsSpan(a * d, d));
                }
            });
            var total = Partial.Total(partials);
            Array.Clear(next);
            for (int c = 0; c < k; c++)
                if (total.Counts[c] > 0) TensorPrimitives.Multiply<float>(total.Sums.AsSpan(c * d, d), 1f / total.Counts[c], next.AsSpan(c * d, d));
            if (total.Counts.Contains(0))
            {
                // Upper bounds stand in for the distances. A relocated centre's move is its shift below, so the bounds stay valid.
                var squared = upper.Select(u => u * u).ToArray();
                Relocate(next, total.Counts, squared, d);
            }
            double moved = 0;
            for (int c = 0; c < k; c++)
            {
                shift[c] = TensorPrimitives.Distance<float>(centers.AsSpan(c * d, d), next.AsSpan(c * d, d));
                moved += (double)shift[c] * shift[c];
            }
            (centers, next) = (next, centers);
            if (total.Changed == 0 || moved <= tolerance)
                break;
            // The bounds follow the centres' moves (triangle inequality).
            Parallel.For(0, blocks, Options, block =>
            {
                for (int i = block * size; i < Math.Min(n, (block + 1) * size); i++)
                {
                    upper[i] += shift[labels[i]];
                    var bounds = lower.AsSpan(i * k, k);
                    for (int c = 0; c < k; c++) bounds[c] = Math.Max(0, bounds[c] - shift[c]);
                }
            });
        }
        var closest = new float[n];
        Array.Fill(labels, -1);
        double inertia = Assign(centers, k, labels, closest).Inertia;
        return new Run(centers, inertia, iteration);
    }
}
