using MlNetDeep.Data;

namespace MlNetDeep.Catalogs;

/// <summary>
/// Data operations: splits for training and cross-validation, row sampling. Loaders
/// (text, enumerable, IDX, images, corpora) are extension methods defined with each loader.
/// </summary>
public sealed class DataOperationsCatalog : CatalogBase
{
    internal DataOperationsCatalog(MLContext context) : base(context) { }

    /// <summary>A train set and a test set from one view.</summary>
    /// <param name="TrainSet">Rows for training.</param>
    /// <param name="TestSet">Rows held out.</param>
    public sealed record TrainTestData(IDataView TrainSet, IDataView TestSet);

    /// <summary>
    /// Splits <paramref name="data"/> into train and test sets. Each row's side is decided by
    /// its row id and the seed, so every pipeline given the same seed sees the same split.
    /// With <paramref name="stratificationColumnName"/> (a key, text, bool or number column)
    /// each class is split in the same proportion (this reads the column once).
    /// </summary>
    public TrainTestData TrainTestSplit(IDataView data, double testFraction = 0.1, string? stratificationColumnName = null, int? seed = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (testFraction is <= 0 or >= 1 || double.IsNaN(testFraction))
            throw new ArgumentOutOfRangeException(nameof(testFraction), testFraction, "Test fraction must be in (0, 1).");
        int s = seed ?? Context.NextSeed();
        if (stratificationColumnName is null)
        {
            bool IsTest(long id) => Hash01(s, id) < testFraction;
            return new TrainTestData(new FilteredDataView(data, id => !IsTest(id)), new FilteredDataView(data, IsTest));
        }
        var fold = StratifiedFolds(data, stratificationColumnName, s, folds: 0, testFraction);
        long test = fold.Count(kv => kv.Value == 1);
        return new TrainTestData(
            new FilteredDataView(data, id => fold.TryGetValue(id, out int f) && f == 0, fold.Count - test),
            new FilteredDataView(data, id => fold.TryGetValue(id, out int f) && f == 1, test));
    }

    /// <summary>
    /// k (train, test) pairs in which every row is in exactly one test set. The folds depend
    /// only on the seed and the row ids, so every pipeline cross-validated with the same
    /// seed sees the same folds. Stratified by a column when one is named.
    /// </summary>
    public IReadOnlyList<TrainTestData> CrossValidationSplit(IDataView data, int numberOfFolds = 5, string? stratificationColumnName = null, int? seed = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (numberOfFolds < 2) throw new ArgumentOutOfRangeException(nameof(numberOfFolds), numberOfFolds, "Cross-validation needs at least 2 folds.");
        int s = seed ?? Context.NextSeed();
        Func<long, int> foldOf;
        long[]? sizes = null;
        if (stratificationColumnName is null)
        {
            foldOf = id => (int)(Hash01(s, id) * numberOfFolds);
        }
        else
        {
            var folds = StratifiedFolds(data, stratificationColumnName, s, numberOfFolds, 0);
            foldOf = id => folds.TryGetValue(id, out int f) ? f : -1;
            sizes = new long[numberOfFolds];
            foreach (int f in folds.Values) sizes[f]++;
        }
        long total = sizes?.Sum() ?? 0;
        return Enumerable.Range(0, numberOfFolds)
            .Select(k => new TrainTestData(new FilteredDataView(data, id => { int f = foldOf(id); return f >= 0 && f != k; }, sizes is null ? null : total - sizes[k]),
                                           new FilteredDataView(data, id => foldOf(id) == k, sizes?[k])))
            .ToList();
    }

    /// <summary>
    /// A lazy view over <paramref name="data"/>: one column per public field or property of
    /// <typeparamref name="T"/> (<see cref="ColumnNameAttribute"/>, <see cref="VectorTypeAttribute"/>,
    /// <see cref="KeyTypeAttribute"/>, <see cref="NoColumnAttribute"/> adjust the mapping).
    /// </summary>
    public IDataView LoadFromEnumerable<T>(IEnumerable<T> data) where T : class
    {
        ArgumentNullException.ThrowIfNull(data);
        return new EnumerableDataView<T>(data);
    }

    /// <summary>
    /// The rows of <paramref name="data"/> as objects of <typeparamref name="T"/>, members
    /// matched to columns by name and type. With <paramref name="reuseRowObject"/> one object
    /// is refilled for every row (copy what you keep).
    /// </summary>
    /// <exception cref="SchemaMismatchException">A member's column is missing (unless <paramref name="ignoreMissingColumns"/>) or of another type.</exception>
    public IEnumerable<T> CreateEnumerable<T>(IDataView data, bool reuseRowObject = false, bool ignoreMissingColumns = false) where T : class, new()
    {
        ArgumentNullException.ThrowIfNull(data);
        return EnumerableReader<T>.Read(data, reuseRowObject, ignoreMissingColumns);
    }

    /// <summary>Reads <paramref name="data"/> into memory now (random access, exact shuffling, no re-parsing).</summary>
    public InMemoryDataView Cache(IDataView data) => DataViewCache.Materialize(data);

    /// <summary>Keeps the rows whose numeric <paramref name="columnName"/> value lies in [lowerBound, upperBound); NaN rows are dropped.</summary>
    /// <exception cref="SchemaMismatchException">The column is missing or not a Single/Double scalar.</exception>
    public IDataView FilterRowsByColumn(IDataView data, string columnName, double lowerBound = double.NegativeInfinity, double upperBound = double.PositiveInfinity)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (!(lowerBound < upperBound)) throw new ArgumentException($"Lower bound {lowerBound} must be below upper bound {upperBound}.");
        var col = data.Schema.GetColumnOrNull(columnName) ?? throw new SchemaMismatchException(columnName, "Single or Double", null);
        if (col.Type != NumberDataViewType.Single && col.Type != NumberDataViewType.Double)
            throw new SchemaMismatchException(columnName, "Single or Double", col.Type.ToString());
        return new RowFilterView(data, [col], c =>
        {
            Func<double> read;
            if (col.Type == NumberDataViewType.Single) { var g = c.GetGetter<float>(col); float v = 0; read = () => { g(ref v); return v; }; }
            else { var g = c.GetGetter<double>(col); double v = 0; read = () => { g(ref v); return v; }; }
            return () => { double x = read(); return x >= lowerBound && x < upperBound; };
        });
    }

    /// <summary>Drops rows with a missing value (NaN, empty text, key 0; in vectors any such item) in any of the named columns.</summary>
    public IDataView FilterRowsByMissingValues(IDataView data, params string[] columnNames)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(columnNames);
        var cols = columnNames.Select(n => data.Schema.GetColumnOrNull(n) ?? throw new SchemaMismatchException(n, "a column", null)).ToList();
        return new RowFilterView(data, cols, c =>
        {
            var checks = cols.Select(col => MissingCheck(c, col)).ToArray();
            return () => !checks.Any(isMissing => isMissing());
        });
    }

    private static Func<bool> MissingCheck(DataViewRowCursor c, DataViewSchema.Column col)
    {
        switch (col.Type)
        {
            case var t when t == NumberDataViewType.Single: { var g = c.GetGetter<float>(col); float v = 0; return () => { g(ref v); return float.IsNaN(v); }; }
            case var t when t == NumberDataViewType.Double: { var g = c.GetGetter<double>(col); double v = 0; return () => { g(ref v); return double.IsNaN(v); }; }
            case TextDataViewType: { var g = c.GetGetter<string>(col); string v = ""; return () => { g(ref v); return string.IsNullOrEmpty(v); }; }
            case KeyDataViewType: { var g = c.GetGetter<uint>(col); uint v = 0; return () => { g(ref v); return v == 0; }; }
            case VectorDataViewType { ItemType: var it } when it == NumberDataViewType.Single:
            { var g = c.GetGetter<VBuffer<float>>(col); var v = default(VBuffer<float>); return () => { g(ref v); foreach (float x in v.GetValues()) if (float.IsNaN(x)) return true; return false; }; }
            default: return () => false;
        }
    }

    /// <summary>The first <paramref name="count"/> rows.</summary>
    public IDataView TakeRows(IDataView data, long count)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return new PositionFilteredView(data, p => p < count);
    }

    /// <summary>All rows after the first <paramref name="count"/>.</summary>
    public IDataView SkipRows(IDataView data, long count)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return new PositionFilteredView(data, p => p >= count);
    }

    /// <summary>A random sample keeping each row with probability <paramref name="fraction"/> (seeded).</summary>
    public IDataView Sample(IDataView data, double fraction, int? seed = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (fraction is <= 0 or > 1 || double.IsNaN(fraction)) throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "Fraction must be in (0, 1].");
        int s = seed ?? Context.NextSeed();
        return new FilteredDataView(data, id => Hash01(s ^ 0x5bd1e995, id) < fraction);
    }

    /// <summary>A uniform number in [0, 1) from a seed and a row id (SplitMix64).</summary>
    internal static double Hash01(int seed, long id)
    {
        ulong z = unchecked((ulong)id + 0x9E3779B97F4A7C15UL * (ulong)(uint)seed + 0x632BE59BD9B4E019UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        z ^= z >> 31;
        return (z >> 11) * (1.0 / (1UL << 53));
    }

    /// <summary>
    /// Reads the stratification column and assigns each row id a fold: with folds == 0, a
    /// train (0) / test (1) split of <paramref name="testFraction"/> per class; else 0..folds-1
    /// dealt round-robin over each class's shuffled rows.
    /// </summary>
    private static Dictionary<long, int> StratifiedFolds(IDataView data, string column, int seed, int folds, double testFraction)
    {
        var col = data.Schema[column];
        var byClass = new Dictionary<string, List<long>>(StringComparer.Ordinal);
        using (var cursor = data.GetRowCursor([col]))
        {
            Func<string> read = ClassReader(cursor, col);
            while (cursor.MoveNext())
            {
                string key = read();
                if (!byClass.TryGetValue(key, out var ids)) byClass[key] = ids = new List<long>();
                ids.Add(cursor.RowId);
            }
        }
        if (byClass.Count == 0) throw new ArgumentException("Cannot split: the data has no rows.", nameof(data));
        var rng = new Random(seed);
        var result = new Dictionary<long, int>();
        foreach (var (_, ids) in byClass.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            long[] arr = ids.ToArray();
            rng.Shuffle(arr);
            if (folds == 0)
            {
                int test = (int)Math.Round(arr.Length * testFraction);
                for (int i = 0; i < arr.Length; i++) result[arr[i]] = i < test ? 1 : 0;
            }
            else
            {
                for (int i = 0; i < arr.Length; i++) result[arr[i]] = i % folds;
            }
        }
        return result;
    }

    private static Func<string> ClassReader(DataViewRowCursor cursor, DataViewSchema.Column col)
    {
        switch (col.Type.RawType)
        {
            case Type t when t == typeof(uint): { var g = cursor.GetGetter<uint>(col); uint v = 0; return () => { g(ref v); return v.ToString(System.Globalization.CultureInfo.InvariantCulture); }; }
            case Type t when t == typeof(string): { var g = cursor.GetGetter<string>(col); string v = ""; return () => { g(ref v); return v ?? ""; }; }
            case Type t when t == typeof(bool): { var g = cursor.GetGetter<bool>(col); bool v = false; return () => { g(ref v); return v ? "1" : "0"; }; }
            case Type t when t == typeof(float): { var g = cursor.GetGetter<float>(col); float v = 0; return () => { g(ref v); return v.ToString("R", System.Globalization.CultureInfo.InvariantCulture); }; }
            case Type t when t == typeof(double): { var g = cursor.GetGetter<double>(col); double v = 0; return () => { g(ref v); return v.ToString("R", System.Globalization.CultureInfo.InvariantCulture); }; }
            case Type t when t == typeof(int): { var g = cursor.GetGetter<int>(col); int v = 0; return () => { g(ref v); return v.ToString(System.Globalization.CultureInfo.InvariantCulture); }; }
            case Type t when t == typeof(long): { var g = cursor.GetGetter<long>(col); long v = 0; return () => { g(ref v); return v.ToString(System.Globalization.CultureInfo.InvariantCulture); }; }
            default: throw new SchemaMismatchException(col.Name, "a scalar key, text, bool or number column to stratify by", col.Type.ToString());
        }
    }

    /// <summary>Rows filtered by their position in the cursor's order.</summary>
    private sealed class PositionFilteredView(IDataView input, Func<long, bool> keep) : IDataView
    {
        public DataViewSchema Schema => input.Schema;
        public bool CanShuffle => false;
        public long? GetRowCount() => null;

        public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
        {
            var inner = input.GetRowCursor(columnsNeeded);
            long position = -1;
            return new FilteredDataView(new Passthrough(inner), _ => keep(++position)).GetRowCursor(columnsNeeded);
        }

        private sealed class Passthrough(DataViewRowCursor cursor) : IDataView
        {
            public DataViewSchema Schema => cursor.Schema;
            public bool CanShuffle => false;
            public long? GetRowCount() => null;
            public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) => cursor;
        }
    }
}
