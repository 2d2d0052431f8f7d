using MlNetDeep.Classical.Xgb;
using MlNetDeep.Data;
using Xunit;

namespace MlNetDeep.Classical.Tests;

/// <summary>Reading pipeline data into dense blocks and XGBoost matrices: label kinds, missing values, and named errors.</summary>
public class DenseDataTests
{
    [Fact]
    public void KeyBooleanAndSingleLabelsBecomeXGBoostLabels()
    {
        var data = new InMemoryDataViewBuilder()
            .AddVector("Features", [1f, float.NaN, 3f, 4f, 5f, 6f], 2)
            .AddKey("Class", [2u, 1u, 3u], ["a", "b", "c"])
            .AddScalar("Flag", [true, false, true])
            .AddScalar("Value", [0.5f, -1f, 2f])
            .Build();
        var (x, rows, width, y) = DenseData.Read(data, "Features", "Class");
        Assert.Equal((3, 2), (rows, width));
        Assert.Equal([1f, float.NaN, 3f, 4f, 5f, 6f], x);
        Assert.Equal([1f, 0f, 2f], y!);
        Assert.Equal([1f, 0f, 1f], DenseData.Read(data, "Features", "Flag").Labels!);
        Assert.Equal([0.5f, -1f, 2f], DenseData.Read(data, "Features", "Value").Labels!);
        Assert.Null(DenseData.Read(data, "Features", null).Labels);
        using var d = DMatrix.FromView(data, "Features", "Class");
        Assert.Equal((3, 2), (d.Rows, d.Columns));
    }

    [Fact]
    public void MissingColumnsWrongTypesAndMissingLabelsAreNamed()
    {
        var data = new InMemoryDataViewBuilder()
            .AddVector("Features", [1f, 2f, 3f, 4f], 2)
            .AddKey("Class", [1u, 0u], ["a", "b"])
            .AddScalar("Text", ["x", "y"])
            .AddScalar("Value", [1f, float.NaN])
            .Build();
        Assert.Equal("Nope", Assert.Throws<SchemaMismatchException>(() => DenseData.Read(data, "Nope", null)).Column);
        var text = Assert.Throws<SchemaMismatchException>(() => DenseData.Read(data, "Features", "Text"));
        Assert.Equal("Text", text.Column);
        Assert.Contains("Boolean, a key or Single", text.Expected);
        Assert.Contains("Row 1: label column 'Class' is missing", Assert.Throws<ArgumentException>(() => DenseData.Read(data, "Features", "Class")).Message);
        Assert.Contains("Row 1: label column 'Value' is missing", Assert.Throws<ArgumentException>(() => DenseData.Read(data, "Features", "Value")).Message);
        var scalar = Assert.Throws<SchemaMismatchException>(() => DenseData.Read(data, "Value", null));
        Assert.Equal(("Value", "Vector<Single> of known size"), (scalar.Column, scalar.Expected));
    }
}
