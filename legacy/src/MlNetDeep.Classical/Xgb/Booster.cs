using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace MlNetDeep.Classical.Xgb;

/// <summary>
/// An XGBoost booster: parameters, one boosting round at a time, evaluation text, prediction,
/// feature importance, and the model as bytes in XGBoost's own JSON or UBJSON format.
/// Not thread-safe for training. Prediction is safe from several threads: XGBoost (since 1.4)
/// documents its tree predictors as thread-safe and keeps each thread's result buffer apart.
/// </summary>
internal sealed class Booster : IDisposable
{
    private readonly XgbHandle _handle = new(XgbNative.XGBoosterFree);

    private Booster(IntPtr handle) => _handle.Set(handle);

    /// <summary>A booster with <paramref name="cache"/> as the matrices it will train on or evaluate (may be empty).</summary>
    public unsafe Booster(params DMatrix[] cache)
    {
        ArgumentNullException.ThrowIfNull(cache);
        var handles = cache.Select(d => d.DangerousHandle).ToArray();
        fixed (IntPtr* p = handles)
        {
            XgbNative.Check(XgbNative.XGBoosterCreate(p, (ulong)handles.Length, out IntPtr h));
            _handle.Set(h);
        }
        GC.KeepAlive(cache);
    }

    private IntPtr H => _handle.DangerousGetHandle();

    /// <summary>The XGBoost library version, e.g. (1, 7, 4).</summary>
    public static (int Major, int Minor, int Patch) LibraryVersion
    {
        get
        {
            XgbNative.XGBoostVersion(out int a, out int b, out int c);
            return (a, b, c);
        }
    }

    /// <summary>Sets one parameter (XGBoost names: "eta", "max_depth", "objective", …).</summary>
    public void SetParameter(string name, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(value);
        XgbNative.Check(XgbNative.XGBoosterSetParam(H, name, value));
    }

    /// <summary>Sets a numeric parameter (invariant culture, round-trip precision).</summary>
    public void SetParameter(string name, double value) => SetParameter(name, value.ToString("R", CultureInfo.InvariantCulture));

    /// <summary>Boosts one round on <paramref name="train"/>.</summary>
    public void UpdateOneIteration(int iteration, DMatrix train)
    {
        ArgumentNullException.ThrowIfNull(train);
        XgbNative.Check(XgbNative.XGBoosterUpdateOneIter(H, iteration, train.DangerousHandle));
        GC.KeepAlive(train);
    }

    /// <summary>The evaluation metrics after <paramref name="iteration"/> on each named matrix, parsed from XGBoost's "[i]\tname-metric:value" line.</summary>
    public unsafe IReadOnlyDictionary<string, double> Evaluate(int iteration, params (string Name, DMatrix Data)[] sets)
    {
        ArgumentNullException.ThrowIfNull(sets);
        var handles = sets.Select(s => s.Data.DangerousHandle).ToArray();
        var names = sets.Select(s => Marshal.StringToCoTaskMemUTF8(s.Name)).ToArray();
        try
        {
            fixed (IntPtr* h = handles)
            fixed (IntPtr* n = names)
            {
                XgbNative.Check(XgbNative.XGBoosterEvalOneIter(H, iteration, h, n, (ulong)sets.Length, out IntPtr result));
                string text = Marshal.PtrToStringUTF8(result) ?? "";
                var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
                foreach (string part in text.Split('\t', StringSplitOptions.RemoveEmptyEntries).Skip(1))
                {
                    int colon = part.LastIndexOf(':');
                    if (colon > 0 && double.TryParse(part.AsSpan(colon + 1), NumberStyles.Float, CultureInfo.InvariantCulture, out double v))
                        metrics[part[..colon]] = v;
                }
                return metrics;
            }
        }
        finally
        {
            foreach (var p in names) Marshal.FreeCoTaskMem(p);
            GC.KeepAlive(sets);
        }
    }

    /// <summary>
    /// Predictions for every row of <paramref name="data"/>: probabilities or values per the objective
    /// (margins with <paramref name="outputMargin"/>), row-major with <c>Width</c> values per row.
    /// </summary>
    public unsafe (float[] Values, int Width) Predict(DMatrix data, bool outputMargin = false, int iterationEnd = 0)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfNegative(iterationEnd);
        string config = string.Create(CultureInfo.InvariantCulture,
            $"{{\"type\": {(outputMargin ? 1 : 0)}, \"training\": false, \"iteration_begin\": 0, \"iteration_end\": {iterationEnd}, \"strict_shape\": true}}");
        XgbNative.Check(XgbNative.XGBoosterPredictFromDMatrix(H, data.DangerousHandle, config, out ulong* shape, out ulong dim, out float* result));
        if (dim != 2 || shape[0] != (ulong)data.Rows) throw new XgbException($"unexpected prediction shape (dimension {dim}) for {data.Rows} rows");
        int width = checked((int)shape[1]);
        var values = new ReadOnlySpan<float>(result, checked(data.Rows * width)).ToArray();
        GC.KeepAlive(data);
        return (values, width);
    }

    /// <summary>
    /// Predicts <paramref name="rows"/> rows of a dense row-major block (NaN = missing) straight
    /// from memory, without building a matrix; writes rows × <paramref name="width"/> values.
    /// </summary>
    /// <exception cref="XgbException">XGBoost's output does not have <paramref name="width"/> values per row.</exception>
    public unsafe void PredictDense(ReadOnlySpan<float> x, int rows, int columns, Span<float> output, int width, bool outputMargin = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(columns);
        if (x.Length != (long)rows * columns) throw new ArgumentException($"{rows} rows of {columns} values need {(long)rows * columns}; got {x.Length}.", nameof(x));
        if (output.Length != (long)rows * width) throw new ArgumentException($"{rows} rows of {width} outputs need {(long)rows * width}; got {output.Length}.", nameof(output));
        bool added = false;
        try
        {
            _handle.DangerousAddRef(ref added);
            fixed (float* p = x)
            {
                string values = XgbNative.ArrayInterface(p, rows, columns);
                string config = outputMargin ? MarginConfig : ValueConfig;
                XgbNative.Check(XgbNative.XGBoosterPredictFromDense(H, values, config, IntPtr.Zero, out ulong* shape, out ulong dim, out float* result));
                if (dim != 2 || shape[0] != (ulong)rows || shape[1] != (ulong)width)
                    throw new XgbException($"unexpected prediction shape (dimension {dim}) for {rows} rows of {width} outputs");
                new ReadOnlySpan<float>(result, output.Length).CopyTo(output);
            }
        }
        finally
        {
            if (added) _handle.DangerousRelease();
        }
    }

    private const string ValueConfig = "{\"type\": 0, \"training\": false, \"iteration_begin\": 0, \"iteration_end\": 0, \"strict_shape\": true, \"missing\": NaN, \"cache_id\": 0}";
    private const string MarginConfig = "{\"type\": 1, \"training\": false, \"iteration_begin\": 0, \"iteration_end\": 0, \"strict_shape\": true, \"missing\": NaN, \"cache_id\": 0}";

    /// <summary>A new booster holding the trees of boosting rounds [<paramref name="begin"/>, <paramref name="end"/>).</summary>
    public Booster Slice(int begin, int end)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(begin);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(end, begin);
        int status = XgbNative.XGBoosterSlice(H, begin, end, 1, out IntPtr sliced);
        if (status == -2) throw new ArgumentOutOfRangeException(nameof(end), $"Rounds [{begin}, {end}) are outside the {BoostedRounds} boosted rounds.");
        XgbNative.Check(status);
        return new Booster(sliced);
    }

    /// <summary>Rounds boosted so far.</summary>
    public int BoostedRounds
    {
        get
        {
            XgbNative.Check(XgbNative.XGBoosterBoostedRounds(H, out int r));
            return r;
        }
    }

    /// <summary>Features the model was trained on.</summary>
    public int FeatureCount
    {
        get
        {
            XgbNative.Check(XgbNative.XGBoosterGetNumFeature(H, out ulong n));
            return checked((int)n);
        }
    }

    /// <summary>
    /// Importance per feature index ("weight", "gain", "cover", "total_gain" or "total_cover");
    /// features never used in a split score 0.
    /// </summary>
    public unsafe float[] FeatureImportance(string type = "gain")
    {
        if (type is not ("weight" or "gain" or "cover" or "total_gain" or "total_cover"))
            throw new ArgumentException($"Importance type must be weight, gain, cover, total_gain or total_cover. Received: '{type}'.", nameof(type));
        int features = FeatureCount;
        string names = JsonSerializer.Serialize(Enumerable.Range(0, features).Select(i => "f" + i.ToString(CultureInfo.InvariantCulture)).ToArray(), ClassicalJson.Default.StringArray);
        string config = $"{{\"importance_type\": \"{type}\", \"feature_names\": {names}}}";
        XgbNative.Check(XgbNative.XGBoosterFeatureScore(H, config, out ulong n, out IntPtr* featurePtrs, out ulong dim, out ulong* shape, out float* scores));
        var result = new float[features];
        for (ulong i = 0; i < n; i++)
        {
            string? name = Marshal.PtrToStringUTF8(featurePtrs[i]);
            if (name is ['f', .. var digits] && int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out int index) && index < features)
                result[index] = scores[i];
        }
        return result;
    }

    /// <summary>The model in XGBoost's JSON ("json") or Universal Binary JSON ("ubj") format.</summary>
    public unsafe byte[] Save(string format = "json")
    {
        if (format is not ("json" or "ubj")) throw new ArgumentException($"Format must be json or ubj. Received: '{format}'.", nameof(format));
        XgbNative.Check(XgbNative.XGBoosterSaveModelToBuffer(H, $"{{\"format\": \"{format}\"}}", out ulong length, out byte* data));
        return new ReadOnlySpan<byte>(data, checked((int)length)).ToArray();
    }

    /// <summary>
    /// Loads a model from bytes saved by <see cref="Save"/>. Only for bytes this process produced or that a
    /// validator has checked: XGBoost's parser trusts its input.
    /// </summary>
    internal unsafe void LoadTrusted(ReadOnlySpan<byte> model)
    {
        if (model.IsEmpty) throw new ArgumentException("The model is empty.", nameof(model));
        fixed (byte* p = model)
            XgbNative.Check(XgbNative.XGBoosterLoadModelFromBuffer(H, p, (ulong)model.Length));
    }

    /// <summary>Frees the native booster.</summary>
    public void Dispose() => _handle.Dispose();
}
