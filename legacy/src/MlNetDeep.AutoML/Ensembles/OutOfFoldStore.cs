using System.Runtime.InteropServices;

namespace MlNetDeep.AutoML.Ensembles;

/// <summary>
/// The held-out class probabilities of the best trials (cross-validation folds in order, or the
/// validation split), kept for ensemble selection: only the <see cref="Capacity"/> lowest-loss
/// trials are kept, in memory (trials in this process) or as files <c>ID.f32</c> in a directory
/// (trials in worker processes write them; the experiment deletes those it drops). Thread-safe.
/// </summary>
internal sealed class OutOfFoldStore
{
    internal const int Capacity = 32;

    private readonly string? _directory;
    private readonly Dictionary<int, (double Loss, float[]? Predictions)> _kept = new();

    /// <summary>A store in memory (<paramref name="directory"/> null) or over a directory of files.</summary>
    public OutOfFoldStore(string? directory = null) => _directory = directory;

    /// <summary>The file a worker writes trial <paramref name="id"/>'s predictions to.</summary>
    internal static string FileOf(string directory, int id) => Path.Combine(directory, id.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".f32");

    /// <summary>Writes predictions as a worker does: whole or not at all (a temporary file renamed).</summary>
    internal static void Write(string directory, int id, float[] predictions)
    {
        Directory.CreateDirectory(directory);
        string path = FileOf(directory, id), tmp = path + ".tmp";
        using (var f = File.Create(tmp)) f.Write(MemoryMarshal.AsBytes(predictions.AsSpan()));
        File.Move(tmp, path, overwrite: true);
    }

    /// <summary>Records trial <paramref name="id"/>'s loss (and, in memory, its predictions), dropping the worst kept trial past capacity.</summary>
    public void Add(int id, double loss, float[]? predictions = null)
    {
        int? dropped = null;
        lock (_kept)
        {
            _kept[id] = (loss, predictions);
            if (_kept.Count > Capacity)
            {
                var worst = _kept.MaxBy(kv => (kv.Value.Loss, kv.Key)).Key;
                _kept.Remove(worst);
                dropped = worst;
            }
        }
        if (dropped is int d && _directory is not null) File.Delete(FileOf(_directory, d));
    }

    /// <summary>Trial <paramref name="id"/>'s predictions when kept and of <paramref name="length"/> values; otherwise null.</summary>
    public float[]? Get(int id, int length)
    {
        float[]? p;
        lock (_kept)
        {
            if (!_kept.TryGetValue(id, out var entry)) return null;
            p = entry.Predictions;
        }
        if (p is null && _directory is not null)
        {
            string path = FileOf(_directory, id);
            if (!File.Exists(path) || new FileInfo(path).Length != (long)length * sizeof(float)) return null;
            p = new float[length];
            using var f = File.OpenRead(path);
            f.ReadExactly(MemoryMarshal.AsBytes(p.AsSpan()));
        }
        return p?.Length == length ? p : null;
    }
}
