using MlNetDeep.Data.Model;
using MlNetDeep.Model;
using System.Reflection;

namespace MlNetDeep.Data.Transforms;

/// <summary>
/// Concatenate: joins scalar and vector columns of one item type into a vector (fixed-size
/// when every input is, else variable-length). Learns nothing; also its own estimator.
/// </summary>
public sealed class ColumnConcatenatingTransformer : RowToRowTransformerBase, IModelComponent, IEstimator<ColumnConcatenatingTransformer>
{
    private readonly string _output;
    private readonly string[] _inputs;

    /// <summary>Creates the transformer.</summary>
    public ColumnConcatenatingTransformer(string outputColumnName, params string[] inputColumnNames)
    {
        ArgumentException.ThrowIfNullOrEmpty(outputColumnName);
        ArgumentNullException.ThrowIfNull(inputColumnNames);
        if (inputColumnNames.Length == 0) throw new ArgumentException("Concatenate needs at least one input column.", nameof(inputColumnNames));
        _output = outputColumnName;
        _inputs = inputColumnNames.ToArray();
    }

    private static readonly MethodInfo Make = typeof(ColumnConcatenatingTransformer).GetMethod(nameof(Getter), BindingFlags.NonPublic | BindingFlags.Static)!;

    /// <inheritdoc />
    protected override IReadOnlyList<MappedColumn> MapColumns(DataViewSchema input)
    {
        var cols = _inputs.Select(n => input.GetColumnOrNull(n) ?? throw new SchemaMismatchException(n, "a scalar or vector column", null)).ToArray();
        var item = ColumnTypes.ItemType(cols[0].Type);
        foreach (var c in cols)
            if (!ColumnTypes.ItemType(c.Type).Equals(item))
                throw new SchemaMismatchException(c.Name, $"{item} (the item type of '{cols[0].Name}'; Concatenate needs one item type)", c.Type.ToString());
        bool known = cols.All(c => c.Type is not VectorDataViewType v || v.IsKnownSize);
        DataViewType type = known ? new VectorDataViewType(item, cols.Sum(c => ColumnTypes.SlotCount(c.Type))) : new VectorDataViewType(item);
        return [new MappedColumn(_output, type, null, cols, c => (Delegate)Make.MakeGenericMethod(item.RawType).Invoke(null, System.Reflection.BindingFlags.DoNotWrapExceptions, null, [c, cols], null)!)];
    }

    private static Delegate Getter<T>(DataViewRowCursor cursor, DataViewSchema.Column[] cols)
    {
        var parts = cols.Select(col =>
        {
            if (col.Type is VectorDataViewType)
            {
                var g = cursor.GetGetter<VBuffer<T>>(col);
                var b = default(VBuffer<T>);
                return (Func<T[]?, int, (T[], int)>)((dst, at) =>
                {
                    g(ref b);
                    var v = b.GetValues();
                    dst = Grow(dst, at + v.Length);
                    v.CopyTo(dst.AsSpan(at));
                    return (dst, at + v.Length);
                });
            }
            var sg = cursor.GetGetter<T>(col);
            T x = default!;
            return (dst, at) =>
            {
                sg(ref x);
                dst = Grow(dst, at + 1);
                dst[at] = x;
                return (dst, at + 1);
            };
        }).ToArray();
        return (ValueGetter<VBuffer<T>>)((ref VBuffer<T> dst) =>
        {
            T[]? buf = dst.Buffer;
            int at = 0;
            foreach (var p in parts) (buf, at) = p(buf, at);
            dst = new VBuffer<T>(at, buf ?? []);
        });
    }

    private static T[] Grow<T>(T[]? a, int n)
    {
        if (a is not null && a.Length >= n) return a;
        var b = new T[Math.Max(n, (a?.Length ?? 0) * 2)];
        a?.CopyTo(b, 0);
        return b;
    }

    /// <inheritdoc />
    public ColumnConcatenatingTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        GetOutputSchema(input.Schema);
        return this;
    }

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        var cols = _inputs.Select(n => inputSchema.Require(n, "a scalar or vector column")).ToArray();
        foreach (var c in cols)
            if (!c.ItemType.Equals(cols[0].ItemType))
                throw new SchemaMismatchException(c.Name, $"{cols[0].ItemType} (the item type of '{cols[0].Name}'; Concatenate needs one item type)", c.TypeDescription);
        bool known = cols.All(c => c.Kind != SchemaShape.VectorKind.VariableVector);
        int? size = known && cols.All(c => c.Kind == SchemaShape.VectorKind.Scalar || c.Dimensions is not null)
            ? cols.Sum(c => c.Kind == SchemaShape.VectorKind.Scalar ? 1 : c.Dimensions!.Aggregate(1, (a, b) => a * b)) : null;
        return inputSchema.With(new SchemaShape.Column(_output, known ? SchemaShape.VectorKind.Vector : SchemaShape.VectorKind.VariableVector,
            cols[0].ItemType, size is { } s ? [s] : null));
    }

    /// <inheritdoc />
    public string ComponentName => DataComponents.Concatenate;

    /// <inheritdoc />
    public void Save(ModelSaveContext context) => context.WriteJson("state.json", new State(_output, _inputs), DataJson.Default.ConcatenateState);

    internal sealed record State(string Output, string[] Inputs);

    internal static ITransformer Load(ModelLoadContext c)
    {
        var s = c.ReadJson("state.json", DataJson.Default.ConcatenateState);
        if (string.IsNullOrEmpty(s.Output) || s.Inputs is not { Length: > 0 }) throw c.Error("state.json", "output or inputs missing");
        return new ColumnConcatenatingTransformer(s.Output, s.Inputs);
    }
}
