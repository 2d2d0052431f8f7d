using MlNetDeep.Data;
using Xunit;

namespace MlNetDeep.Core.Tests;

/// <summary>The endless one-row view that scores rows one at a time with cursors built once.</summary>
public class SelectedRowViewTests
{
    private static InMemoryDataView Table() => new InMemoryDataViewBuilder()
        .AddScalar("Id", new[] { 10f, 11f, 12f })
        .AddVector("V", new[] { 1f, 2f, 3f, 4f, 5f, 6f }, 2)
        .Build();

    [Fact]
    public void EveryMoveYieldsTheSelectedRow()
    {
        var view = new SelectedRowView(Table());
        Assert.Null(view.GetRowCount());
        using var cursor = view.GetRowCursor(view.Schema);
        var id = cursor.GetGetter<float>(view.Schema["Id"]);
        var v = cursor.GetGetter<VBuffer<float>>(view.Schema["V"]);
        float x = 0;
        var buf = default(VBuffer<float>);
        foreach (long row in new long[] { 2, 0, 0, 1 })
        {
            view.Row = row;
            Assert.True(cursor.MoveNext());
            id(ref x);
            v(ref buf);
            Assert.Equal(10f + row, x);
            Assert.Equal(new[] { 2f * row + 1, 2f * row + 2 }, buf.ToArray());
        }
        Assert.Equal(3, cursor.Position);
    }

    [Fact]
    public void ARowOutsideTheSourceIsRefused()
    {
        var view = new SelectedRowView(Table());
        Assert.Throws<ArgumentOutOfRangeException>(() => view.Row = 3);
        Assert.Throws<ArgumentOutOfRangeException>(() => view.Row = -1);
        Assert.Throws<ArgumentException>(() => new SelectedRowView(new InMemoryDataViewBuilder().AddScalar("Id", Array.Empty<float>()).Build()));
    }
}
