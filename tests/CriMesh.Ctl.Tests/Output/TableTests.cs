using CriMesh.Ctl.Output;

namespace CriMesh.Ctl.Tests.Output;

public sealed class TableTests
{
    [Fact]
    public void Write_Rows_AlignsColumnsWithThreeSpaceGap()
    {
        var output = new StringWriter();

        Table.Write(output, ["IMAGE", "TAG", "SIZE"],
        [
            ["busybox", "1.36", "4.5MB"],
            ["127.0.0.1:5000/team/app", "latest", "12MB"],
        ]);

        Assert.Equal(
            "IMAGE                     TAG      SIZE\n" +
            "busybox                   1.36     4.5MB\n" +
            "127.0.0.1:5000/team/app   latest   12MB\n",
            output.ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Write_NoRows_PrintsHeaderOnly()
    {
        var output = new StringWriter();

        Table.Write(output, ["POD ID", "STATE"], []);

        Assert.Equal("POD ID   STATE\n", output.ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Write_EmptyLastCell_LeavesNoTrailingSpaces()
    {
        var output = new StringWriter();

        Table.Write(output, ["A", "B"], [["x", ""]]);

        Assert.Equal("A   B\nx\n", output.ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Write_CellWithControlCharacters_StaysOnOneLine()
    {
        var output = new StringWriter();

        Table.Write(output, ["NAME"], [["evil\nname\tx\u001b[31m"]]);

        var lines = output.ToString().ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.Equal("evil name x [31m", lines[1]);
    }

    [Fact]
    public void Write_RowWithWrongCellCount_Throws()
    {
        Assert.Throws<ArgumentException>(() => Table.Write(new StringWriter(), ["A", "B"], [["only one"]]));
    }

    [Fact]
    public void WritePairs_Keys_AlignsValues()
    {
        var output = new StringWriter();

        Table.WritePairs(output, [("Version", "v1"), ("RuntimeName", "crimesh"), ("Empty", "")]);

        Assert.Equal(
            "Version:       v1\n" +
            "RuntimeName:   crimesh\n" +
            "Empty:\n",
            output.ToString().ReplaceLineEndings("\n"));
    }
}
