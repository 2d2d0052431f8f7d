using System.Text.Json;
using MlNetDeep.Data;
using Xunit;

namespace MlNetDeep.Conformance;

/// <summary>What an estimator under test declares about itself (skips are capabilities with reasons, never name lists).</summary>
/// <param name="LearnsFromData">False for transforms that fit to themselves (then empty data is not an error).</param>
public sealed record Capabilities(bool LearnsFromData = true);

/// <summary>
/// Checks every estimator must pass: fitting does not change the estimator; the estimator's
/// and the fitted transformer's schemas agree; fitting on empty data gives a clear error;
/// two fits with one seed give equal output; a savable model round-trips through a model
/// zip to identical output; a bad input schema names the column.
/// </summary>
public static class EstimatorConformance
{
    /// <summary>Runs the suite. <paramref name="make"/> builds the estimator from a context seeded with the given seed.</summary>
    public static void Check(Func<MLContext, IEstimator<ITransformer>> make, IDataView data, Capabilities? capabilities = null, string? requiredColumn = null)
    {
        capabilities ??= new Capabilities();
        var estimator = make(new MLContext(7));
        string before = Describe(estimator);
        var model = estimator.Fit(data);
        Assert.Equal(before, Describe(estimator));

        // Schemas agree.
        SchemaShape shape = estimator.GetOutputSchema(SchemaShape.Create(data.Schema));
        DataViewSchema schema = model.GetOutputSchema(data.Schema);
        var visible = schema.Where(c => !c.IsHidden(schema)).ToList();
        Assert.Equal(shape.Select(c => c.Name).Order(), visible.Select(c => c.Name).Order());
        foreach (var c in visible)
        {
            var s = shape.Find(c.Name)!;
            var actual = SchemaShape.FromColumn(c);
            Assert.True(s.Kind == actual.Kind, $"Column '{c.Name}': estimator says {s.Kind}, transformer gives {actual.Kind}.");
            Assert.True(s.IsKey == actual.IsKey && (s.IsKey || s.ItemType.Equals(actual.ItemType)),
                $"Column '{c.Name}': estimator says {s.TypeDescription}, transformer gives {actual.TypeDescription}.");
        }
        Assert.Equal(schema.Select(c => c.Name), model.Transform(data).Schema.Select(c => c.Name));

        // Same seed, same output.
        string first = Dump(model.Transform(data));

        // A savable model survives a model zip with identical output.
        if (model is MlNetDeep.Model.IModelComponent)
        {
            var ctx = new MLContext(1);
            var zip = new MemoryStream();
            ctx.Model.Save(model, data.Schema, zip);
            var loaded = ctx.Model.Load(new MemoryStream(zip.ToArray()), out var savedSchema);
            Assert.Equal(data.Schema.Where(c => !c.IsHidden(data.Schema)).Select(c => c.Name), savedSchema.Select(c => c.Name));
            Assert.Equal(first, Dump(loaded.Transform(data)));
        }
        string second = Dump(make(new MLContext(7)).Fit(data).Transform(data));
        Assert.Equal(first, second);

        // Empty data.
        var empty = new MLContext(1).Data.TakeRows(data, 0);
        if (capabilities.LearnsFromData)
        {
            var e = Assert.ThrowsAny<Exception>(() => make(new MLContext(7)).Fit(empty));
            Assert.True(e is ArgumentException or InvalidOperationException, $"Empty data raised {e.GetType().Name}: {e.Message}");
            Assert.False(string.IsNullOrWhiteSpace(e.Message));
        }

        // A missing column is named.
        if (requiredColumn is not null)
        {
            var without = new ColumnSelectingTransformer([requiredColumn], keep: false).Transform(data);
            var e = Assert.Throws<SchemaMismatchException>(() => make(new MLContext(7)).Fit(without));
            Assert.Equal(requiredColumn, e.Column);
        }
    }

    /// <summary>Public state of an object as JSON (to detect mutation by Fit).</summary>
    private static string Describe(object o)
    {
        var props = o.GetType().GetProperties().Where(p => p.GetIndexParameters().Length == 0 && p.CanRead)
            .Select(p => $"{p.Name}={JsonSerializer.Serialize(p.GetValue(o)?.ToString())}");
        return string.Join(";", props);
    }

    /// <summary>Every value of every visible column, as text.</summary>
    public static string Dump(IDataView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var cols = view.Schema.Where(c => !c.IsHidden(view.Schema)).ToList();
        using var cursor = view.GetRowCursor(cols);
        var readers = cols.Select(c => Reader(cursor, c)).ToList();
        var sb = new System.Text.StringBuilder();
        while (cursor.MoveNext())
        {
            foreach (var r in readers) sb.Append(r()).Append('|');
            sb.AppendLine();
        }
        return sb.ToString();
    }

    private static Func<string> Reader(DataViewRowCursor cursor, DataViewSchema.Column c)
    {
        var m = typeof(EstimatorConformance).GetMethod(c.Type is VectorDataViewType ? nameof(VectorReader) : nameof(ScalarReader),
            System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!;
        Type t = c.Type is VectorDataViewType v ? v.ItemType.RawType : c.Type.RawType;
        return (Func<string>)m.MakeGenericMethod(t).Invoke(null, System.Reflection.BindingFlags.DoNotWrapExceptions, null, [cursor, c], null)!;
    }

    private static Func<string> ScalarReader<T>(DataViewRowCursor cursor, DataViewSchema.Column c)
    {
        var g = cursor.GetGetter<T>(c);
        T v = default!;
        return () => { g(ref v); return Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) ?? ""; };
    }

    private static Func<string> VectorReader<T>(DataViewRowCursor cursor, DataViewSchema.Column c)
    {
        var g = cursor.GetGetter<VBuffer<T>>(c);
        var v = default(VBuffer<T>);
        return () => { g(ref v); return string.Join(",", v.ToArray().Select(x => Convert.ToString(x, System.Globalization.CultureInfo.InvariantCulture))); };
    }
}
