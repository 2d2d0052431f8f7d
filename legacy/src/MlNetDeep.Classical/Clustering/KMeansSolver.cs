using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MlNetDeep.Classical.Clustering;

/// <summary>
/// Lloyd's k-means and greedy k-means++ seeding (Arthur and Vassilvitskii 2007, with
/// scikit-learn's 2 + ln k candidates per centre) over a dense row-major block, in managed
/// SIMD code parallel over chunks of rows — the shape of scikit-learn's own Lloyd loop: each
/// chunk's distances, assignments and centre sums are computed while the chunk is in cache.
/// Squared distances are ‖x‖² − 2x·c + ‖c‖² (clamped at 0). An empty cluster takes the point
/// farthest from its centre.
/// </summary>
internal sealed partial class KMeansSolver
{
    private const int Chunk = 256;
    /// <summary>Blocks of rows per assignment pass (fixed, so sums do not depend on the thread count).</summary>
    private const int Blocks = 16;
    private readonly float[] _x;
    private readonly float[] _norms;
    private readonly int _n, _d, _threads;

    public KMeansSolver(float[] x, int n, int d, int threads)
    {
        (_x, _n, _d, _threads) = (x, n, d, Math.Max(1, threads));
        _norms = new float[n];
        Parallel.For(0, Chunks, Options, c =>
        {
            for (int i = c * Chunk; i < Math.Min(_n, (c + 1) * Chunk); i++) _norms[i] = TensorPrimitives.Dot<float>(Row(i), Row(i));
        });
    }

    private int Chunks => (_n + Chunk - 1) / Chunk;
    private ParallelOptions Options => new() { MaxDegreeOfParallelism = _threads };
    private ReadOnlySpan<float> Row(int i) => _x.AsSpan(i * _d, _d);

    public sealed record Run(float[] Centers, double Inertia, int Iterations);

    /// <summary>Squared distances from one example to each of k centres (row-major), with the centres' squared norms precomputed.</summary>
    public static void SquaredDistances(ReadOnlySpan<float> x, float xNorm, ReadOnlySpan<float> centers, ReadOnlySpan<float> centerNorms, Span<float> result)
    {
        int d = x.Length, k = result.Length, c = 0;
        if (Vector256.IsHardwareAccelerated && d >= Vector256<float>.Count)
        {
            // Four centres per pass: each slice of x is loaded once for four dot products.
            for (; c + 4 <= k; c += 4)
            {
                Dot4(x, centers.Slice(c * d, 4 * d), out float d0, out float d1, out float d2, out float d3);
                result[c] = Math.Max(0, xNorm - 2 * d0 + centerNorms[c]);
                result[c + 1] = Math.Max(0, xNorm - 2 * d1 + centerNorms[c + 1]);
                result[c + 2] = Math.Max(0, xNorm - 2 * d2 + centerNorms[c + 2]);
                result[c + 3] = Math.Max(0, xNorm - 2 * d3 + centerNorms[c + 3]);
            }
        }
        for (; c < k; c++) result[c] = Math.Max(0, xNorm - 2 * TensorPrimitives.Dot(x, centers.Slice(c * d, d)) + centerNorms[c]);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Dot4(ReadOnlySpan<float> x, ReadOnlySpan<float> four, out float d0, out float d1, out float d2, out float d3)
    {
        int d = x.Length, w = Vector256<float>.Count, j = 0;
        ref float xr = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(x);
        ref float cr = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(four);
        Vector256<float> a0 = Vector256<float>.Zero, a1 = a0, a2 = a0, a3 = a0;
        for (; j + w <= d; j += w)
        {
            var xv = Vector256.LoadUnsafe(ref xr, (nuint)j);
            a0 = Vector256.FusedMultiplyAdd(xv, Vector256.LoadUnsafe(ref cr, (nuint)j), a0);
            a1 = Vector256.FusedMultiplyAdd(xv, Vector256.LoadUnsafe(ref cr, (nuint)(d + j)), a1);
            a2 = Vector256.FusedMultiplyAdd(xv, Vector256.LoadUnsafe(ref cr, (nuint)(2 * d + j)), a2);
            a3 = Vector256.FusedMultiplyAdd(xv, Vector256.LoadUnsafe(ref cr, (nuint)(3 * d + j)), a3);
        }
        (d0, d1, d2, d3) = (Vector256.Sum(a0), Vector256.Sum(a1), Vector256.Sum(a2), Vector256.Sum(a3));
        for (; j < d; j++)
        {
            float v = x[j];
            d0 += v * four[j];
            d1 += v * four[d + j];
            d2 += v * four[2 * d + j];
            d3 += v * four[3 * d + j];
        }
    }

    /// <summary>One worker's share of an assignment pass.</summary>
    private sealed class Partial(int k, int d)
    {
        public readonly float[] Sums = new float[k * d];
        public readonly int[] Counts = new int[k];
        public long Changed;
        public double Inertia;

        /// <summary>The blocks' shares added in block order (the first one receives the total).</summary>
        public static Partial Total(Partial[] partials)
        {
            var total = partials[0];
            foreach (var p in partials.Skip(1))
            {
                TensorPrimitives.Add(total.Sums, p.Sums, total.Sums);
                for (int c = 0; c < total.Counts.Length; c++) total.Counts[c] += p.Counts[c];
                total.Changed += p.Changed;
                total.Inertia += p.Inertia;
            }
            return total;
        }
    }

    /// <summary>Lloyd iterations from <paramref name="initial"/> centres (k × d, row-major).</summary>
    public Run Lloyd(float[] initial, int k, int maxIterations, double tolerance, CancellationToken cancellation)
    {
        int d = _d;
        float[] centers = (float[])initial.Clone(), next = new float[k * d];
        var labels = new int[_n];
        Array.Fill(labels, -1);
        var closest = new float[_n];
        int iteration = 0;
        while (iteration < maxIterations)
        {
            cancellation.ThrowIfCancellationRequested();
            iteration++;
            var (sums, counts, changed, _) = Assign(centers, k, labels, closest);
            Array.Clear(next);
            for (int c = 0; c < k; c++)
            {
                if (counts[c] == 0) continue;
                TensorPrimitives.Multiply<float>(sums.AsSpan(c * d, d), 1f / counts[c], next.AsSpan(c * d, d));
            }
            if (counts.Contains(0)) Relocate(next, counts, closest, d);
            double shift = 0;
            for (int i = 0; i < next.Length; i++) shift += (double)(next[i] - centers[i]) * (next[i] - centers[i]);
            (centers, next) = (next, centers);
            if (changed == 0 || shift <= tolerance)
                break;
        }
        // Inertia against the final centres (every row's nearest).
        Array.Fill(labels, -1);
        double inertia = Assign(centers, k, labels, closest).Inertia;
        return new Run(centers, inertia, iteration);
    }

    /// <summary>
    /// Assigns every row to its nearest centre (updating <paramref name="labels"/> and <paramref name="closest"/>) and sums each
    /// cluster's rows. Rows are cut into a fixed number of blocks whose partial sums are added in block order, so the result is
    /// the same whatever the thread count or scheduling.
    /// </summary>
    private (float[] Sums, int[] Counts, long Changed, double Inertia) Assign(float[] centers, int k, int[] labels, float[] closest)
    {
        int d = _d;
        var norms = new float[k];
        for (int c = 0; c < k; c++) norms[c] = TensorPrimitives.Dot<float>(centers.AsSpan(c * d, d), centers.AsSpan(c * d, d));
        int blocks = Math.Min(Blocks, _n), size = (_n + blocks - 1) / blocks;
        var partials = new Partial[blocks];
        Parallel.For(0, blocks, Options, b =>
        {
            var p = partials[b] = new Partial(k, d);
            Span<float> dist = stackalloc float[k];
            for (int i = b * size; i < Math.Min(_n, (b + 1) * size); i++)
            {
                var row = Row(i);
                SquaredDistances(row, _norms[i], centers, norms, dist);
                int best = TensorPrimitives.IndexOfMin<float>(dist);
                if (labels[i] != best) p.Changed++;
                labels[i] = best;
                closest[i] = dist[best];
                p.Inertia += dist[best];
                p.Counts[best]++;
                TensorPrimitives.Add(p.Sums.AsSpan(best * d, d), row, p.Sums.AsSpan(best * d, d));
            }
        });
        var total = Partial.Total(partials);
        return (total.Sums, total.Counts, total.Changed, total.Inertia);
    }

    /// <summary>Moves each empty cluster's centre to a different one of the points farthest from their centres.</summary>
    private void Relocate(float[] centers, int[] counts, float[] closest, int d)
    {
        int empty = counts.Count(c => c == 0);
        int[] far = Enumerable.Range(0, _n).OrderByDescending(i => closest[i]).Take(empty).ToArray();
        int used = 0;
        for (int c = 0; c < counts.Length; c++)
            if (counts[c] == 0) Row(far[used++]).CopyTo(centers.AsSpan(c * d, d));
    }

    /// <summary>Greedy k-means++: k centres (row-major) drawn from the rows.</summary>
    public float[] PlusPlus(int k, Random rng)
    {
        int d = _d, trials = 2 + (int)Math.Log(k);
        var centers = new float[k * d];
        Row(rng.Next(_n)).CopyTo(centers.AsSpan(0, d));
        // Closest squared distance of each point to the centres so far.
        var closest = DistancesTo(centers.AsSpan(0, d).ToArray());
        var candidates = new int[trials];
        for (int c = 1; c < k; c++)
        {
            double total = closest.Sum();
            for (int t = 0; t < trials; t++) candidates[t] = Sample(closest, total, rng);
            double bestPotential = double.PositiveInfinity;
            double[]? bestClosest = null;
            int pick = 0;
            foreach (int candidate in candidates)
            {
                double[] dist = DistancesTo(Row(candidate).ToArray());
                for (int i = 0; i < _n; i++) dist[i] = Math.Min(dist[i], closest[i]);
                double potential = dist.Sum();
                if (potential < bestPotential) (bestPotential, bestClosest, pick) = (potential, dist, candidate);
            }
            closest = bestClosest!;
            Row(pick).CopyTo(centers.AsSpan(c * d, d));
        }
        return centers;
    }

    private double[] DistancesTo(float[] center)
    {
        var result = new double[_n];
        float[] norm = [TensorPrimitives.Dot<float>(center, center)];
        Parallel.For(0, Chunks, Options, chunk =>
        {
            Span<float> one = stackalloc float[1];
            for (int i = chunk * Chunk; i < Math.Min(_n, (chunk + 1) * Chunk); i++)
            {
                SquaredDistances(Row(i), _norms[i], center, norm, one);
                result[i] = one[0];
            }
        });
        return result;
    }

    /// <summary>An index drawn with probability proportional to <paramref name="weights"/> (uniform when they are all 0).</summary>
    private static int Sample(double[] weights, double total, Random rng)
    {
        if (!(total > 0)) return rng.Next(weights.Length);
        double u = rng.NextDouble() * total, acc = 0;
        for (int i = 0; i < weights.Length; i++)
        {
            acc += weights[i];
            if (acc > u) return i;
        }
        return weights.Length - 1;
    }
}
