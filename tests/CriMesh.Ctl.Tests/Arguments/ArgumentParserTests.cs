using CriMesh.Ctl.Arguments;

namespace CriMesh.Ctl.Tests.Arguments;

public sealed class ArgumentParserTests
{
    private static readonly FlagSpec[] Flags =
    [
        FlagSpec.Value("output", 'o', "FORMAT", ""),
        FlagSpec.Switch("quiet", 'q', ""),
        FlagSpec.Switch("all", 'a', ""),
    ];

    private static ParsedArgs Parse(params string[] args)
    {
        var parsed = new ParsedArgs();
        ArgumentParser.Parse(args, 0, Flags, parsed, stopAtPositional: false);
        return parsed;
    }

    [Theory]
    [InlineData("--output", "json")]
    [InlineData("-o", "json")]
    [InlineData("--output=json")]
    public void Parse_ValueFlagInEverySpelling_SetsValueUnderLongName(params string[] args)
    {
        Assert.Equal("json", Parse(args).Value("output"));
    }

    [Fact]
    public void Parse_Switches_ArePresentWithoutValue()
    {
        var parsed = Parse("-q", "--all", "busybox");

        Assert.True(parsed.Has("quiet"));
        Assert.True(parsed.Has("all"));
        Assert.Null(parsed.Value("quiet"));
        Assert.Equal(["busybox"], parsed.Positionals);
    }

    [Fact]
    public void Parse_FlagsAndPositionalsInterleaved_KeepsPositionalOrder()
    {
        var parsed = Parse("a", "-o", "table", "b", "--quiet", "c");

        Assert.Equal(["a", "b", "c"], parsed.Positionals);
        Assert.Equal("table", parsed.Value("output"));
    }

    [Fact]
    public void Parse_SameFlagTwice_LastValueWins()
    {
        Assert.Equal("json", Parse("-o", "table", "--output=json").Value("output"));
    }

    [Fact]
    public void Parse_EmptyInlineValue_IsKeptAsEmpty()
    {
        Assert.Equal("", Parse("--output=").Value("output"));
    }

    [Fact]
    public void Parse_DoubleDash_TreatsEverythingAfterAsPositional()
    {
        var parsed = Parse("-q", "--", "-odd-name", "--output");

        Assert.Equal(["-odd-name", "--output"], parsed.Positionals);
        Assert.False(parsed.Has("output"));
    }

    [Fact]
    public void Parse_SingleDash_IsAPositional()
    {
        Assert.Equal(["-"], Parse("-").Positionals);
    }

    [Fact]
    public void Parse_StopAtPositional_ReturnsIndexOfFirstPositional()
    {
        var parsed = new ParsedArgs();

        var at = ArgumentParser.Parse(["-o", "json", "images", "-q"], 0, Flags, parsed, stopAtPositional: true);

        Assert.Equal(2, at);
        Assert.Equal("json", parsed.Value("output"));
        Assert.False(parsed.Has("quiet"));
    }

    [Theory]
    [InlineData("--nope")]
    [InlineData("-x")]
    [InlineData("-aq")]
    [InlineData("--output")]
    [InlineData("-o")]
    [InlineData("--quiet=yes")]
    public void Parse_BadFlag_ThrowsUsageException(string arg)
    {
        Assert.Throws<UsageException>(() => Parse(arg));
    }

    [Fact]
    public void Parse_ValueLooksLikeFlag_IsTakenAsTheValue()
    {
        Assert.Equal("-q", Parse("-o", "-q").Value("output"));
    }
}
