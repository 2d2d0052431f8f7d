using MlNetDeep.Data.Model;
using MlNetDeep.Model;
using MlNetDeep.Data.Transforms;

namespace MlNetDeep.Data.Augmentation;

/// <summary>
/// AugmentImages: at inference (<see cref="ITransformer.Transform"/>) the column passes
/// through unchanged; while later pipeline steps train, each row's [C, H, W] image is
/// augmented anew on every pass (see <see cref="ImageAugmentationOptions"/>). Also its own
/// estimator (it learns nothing).
/// </summary>
public sealed class ImageAugmentationTransformer : ITrainingTimeTransformer, IModelComponent, IEstimator<ImageAugmentationTransformer>
{
    /// <summary>Creates the transformer for a [C, H, W] Single vector column.</summary>
    public ImageAugmentationTransformer(string columnName, ImageAugmentationOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(columnName);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        (ColumnName, Options) = (columnName, options);
    }

    /// <summary>The augmented column.</summary>
    public string ColumnName { get; }
    /// <summary>What is applied.</summary>
    public ImageAugmentationOptions Options { get; }

    private (int C, int H, int W) Check(DataViewSchema schema)
    {
        var col = schema.GetColumnOrNull(ColumnName) ?? throw new SchemaMismatchException(ColumnName, "Vector<Single> shaped [C, H, W]", null);
        if (col.Type is not VectorDataViewType { IsKnownSize: true, Dimensions.Count: 3 } v || v.ItemType != NumberDataViewType.Single)
            throw new SchemaMismatchException(ColumnName, "Vector<Single> shaped [C, H, W]", col.Type.ToString());
        return (v.Dimensions[0], v.Dimensions[1], v.Dimensions[2]);
    }

    /// <inheritdoc />
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        Check(inputSchema);
        return inputSchema;
    }

    /// <inheritdoc />
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        Check(input.Schema);
        return input;
    }

    /// <inheritdoc />
    public IDataView TransformForTraining(IDataView input) => TransformForTraining(input, passesDone: 0);

    /// <summary>
    /// The training view, numbering its passes from <paramref name="passesDone"/> + 1: a run resumed
    /// after k epochs passes k and draws exactly what the uninterrupted run drew from epoch k + 1 on.
    /// </summary>
    public IDataView TransformForTraining(IDataView input, int passesDone)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentOutOfRangeException.ThrowIfNegative(passesDone);
        var (c, h, w) = Check(input.Schema);
        return new AugmentedView(input, this, c, h, w, passesDone);
    }

    /// <inheritdoc />
    public ImageAugmentationTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        Check(input.Schema);
        return this;
    }

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        var col = ColumnTypes.RequireSingle(inputSchema, ColumnName, "Vector<Single> shaped [C, H, W]");
        if (col.Dimensions is not { Count: 3 }) throw new SchemaMismatchException(ColumnName, "Vector<Single> shaped [C, H, W]", col.TypeDescription);
        return inputSchema;
    }

    /// <summary>
    /// The input with the image column augmented; each cursor that reads a row is a new pass with new
    /// draws (a cursor opened only to inspect getters, as batchers do, is not a pass).
    /// </summary>
    private sealed class AugmentedView(IDataView input, ImageAugmentationTransformer owner, int c, int h, int w, int passesDone) : IDataView
    {
        private int _passes = passesDone;

        public DataViewSchema Schema => input.Schema;
        public bool CanShuffle => input.CanShuffle;
        public long? GetRowCount() => input.GetRowCount();

        public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
        {
            var inner = input.GetRowCursor(columnsNeeded, rand);
            return new Cursor(inner, owner, this, c, h, w);
        }

        private sealed class Cursor(DataViewRowCursor inner, ImageAugmentationTransformer owner, AugmentedView view, int c, int h, int w) : DataViewRowCursor
        {
            private int _pass;

            public override DataViewSchema Schema => inner.Schema;
            public override long Position => inner.Position;
            public override long RowId => inner.RowId;

            public override bool MoveNext()
            {
                if (_pass == 0) _pass = Interlocked.Increment(ref view._passes);
                return inner.MoveNext();
            }

            public override bool IsColumnActive(DataViewSchema.Column column) => inner.IsColumnActive(column);

            public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
            {
                var g = inner.GetGetter<TValue>(column);
                if (column.Name != owner.ColumnName || column.IsHidden(inner.Schema)) return g;
                var get = (ValueGetter<VBuffer<float>>)(object)g;
                ValueGetter<VBuffer<float>> aug = (ref VBuffer<float> v) =>
                {
                    get(ref v);
                    float[] buf = v.ToArray();
                    // A row's draws depend only on the seed, the pass and the row id: order- and thread-independent.
                    var rng = new Random(Mix(owner.Options.Seed, _pass, inner.RowId));
                    ImageAugmenter.Apply(buf, c, h, w, owner.Options, rng);
                    v = new VBuffer<float>(buf);
                };
                return (ValueGetter<TValue>)(object)aug;
            }

            protected override void Dispose(bool disposing)
            {
                if (disposing) inner.Dispose();
            }

            /// <summary>A deterministic 32-bit seed from three numbers (SplitMix64 finalizer; HashCode is randomized per process).</summary>
            private static int Mix(int seed, int pass, long row)
            {
                ulong z = unchecked((ulong)row * 0x9E3779B97F4A7C15UL + (ulong)(uint)seed * 0xBF58476D1CE4E5B9UL + (ulong)(uint)pass * 0x94D049BB133111EBUL);
                z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
                z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
                return unchecked((int)(z ^ (z >> 31)));
            }
        }
    }

    /// <inheritdoc />
    public string ComponentName => DataComponents.AugmentImages;

    /// <inheritdoc />
    public void Save(ModelSaveContext context) => context.WriteJson("state.json", new State(ColumnName, Options), DataJson.Default.AugmentImagesState);

    internal sealed record State(string Column, ImageAugmentationOptions Options);

    internal static ITransformer Load(ModelLoadContext c)
    {
        var s = c.ReadJson("state.json", DataJson.Default.AugmentImagesState);
        return new ImageAugmentationTransformer(s.Column, s.Options ?? throw c.Error("state.json", "options missing"));
    }
}
