using CriMesh.Ctl.Commands;

namespace CriMesh.Ctl.Tests.Commands;

public sealed class InvocationTests
{
    [Fact]
    public void Parse_GlobalFlagsBeforeAndAfterVerb_AllApply()
    {
        var invocation = Invocation.Parse(["-r", "unix:///tmp/a.sock", "images", "-q", "--output", "json", "busybox"]);

        Assert.Equal("images", invocation.Verb!.Name);
        Assert.Null(invocation.HelpText);
        Assert.Equal("unix:///tmp/a.sock", invocation.Args.Value("runtime-endpoint"));
        Assert.Equal("json", invocation.Args.Value("output"));
        Assert.True(invocation.Args.Has("quiet"));
        Assert.Equal(["busybox"], invocation.Args.Positionals);
    }

    [Fact]
    public void Parse_StorageSubVerb_FindsTwoWordVerb()
    {
        var invocation = Invocation.Parse(["--run-dir", "/tmp/run", "storage", "gc", "--dry-run"]);

        Assert.Equal("storage gc", invocation.Verb!.Name);
        Assert.True(invocation.Args.Has("dry-run"));
        Assert.Equal("/tmp/run", invocation.Args.Value("run-dir"));
    }

    [Fact]
    public void Parse_GlobalFlagBetweenGroupAndSubVerb_IsAccepted()
    {
        Assert.Equal("storage layers", Invocation.Parse(["storage", "-o", "json", "layers"]).Verb!.Name);
    }

    [Theory]
    [InlineData("help")]
    [InlineData("--help")]
    [InlineData("-h")]
    public void Parse_GeneralHelp_ReturnsToolUsage(string arg)
    {
        var invocation = Invocation.Parse([arg]);

        Assert.Null(invocation.Verb);
        Assert.Contains("Usage: crimeshctl", invocation.HelpText);
        Assert.Contains("storage gc", invocation.HelpText);
    }

    [Theory]
    [InlineData("help", "pull")]
    [InlineData("pull", "--help")]
    [InlineData("pull", "-h")]
    public void Parse_VerbHelp_ReturnsVerbUsageWithItsFlags(string first, string second)
    {
        var invocation = Invocation.Parse([first, second]);

        Assert.Equal("pull", invocation.Verb!.Name);
        Assert.StartsWith("Usage: crimeshctl [GLOBAL FLAGS] pull IMAGE [FLAGS]", invocation.HelpText);
        Assert.Contains("--creds USER[:PASS]", invocation.HelpText);
        Assert.Contains("--pod-config FILE", invocation.HelpText);
    }

    [Fact]
    public void Parse_HelpFlagWithMissingArguments_StillHelps()
    {
        Assert.NotNull(Invocation.Parse(["rmi", "--help"]).HelpText);
    }

    [Theory]
    [InlineData("help", "storage", "gc")]
    [InlineData("storage", "gc", "--help")]
    public void Parse_StorageVerbHelp_ReturnsItsUsage(params string[] args)
    {
        Assert.Contains("--dry-run", Invocation.Parse(args).HelpText);
    }

    [Theory]
    [InlineData("storage", "--help")]
    [InlineData("help", "storage")]
    public void Parse_StorageGroupHelp_ListsSubVerbs(params string[] args)
    {
        var help = Invocation.Parse(args).HelpText!;

        Assert.Contains("storage layers", help);
        Assert.Contains("storage info", help);
    }

    [Theory]
    [InlineData("imaged", "--help")]
    [InlineData("help", "imaged")]
    public void Parse_ImagedGroupHelp_ListsSubVerbs(params string[] args)
    {
        var help = Invocation.Parse(args).HelpText!;

        Assert.Contains("imaged images", help);
        Assert.Contains("imaged usage", help);
        Assert.DoesNotContain("storage gc", help);
    }

    [Fact]
    public void Parse_NoArguments_IsUsageError()
    {
        var e = Assert.Throws<InvocationException>(() => Invocation.Parse([]));

        Assert.Null(e.Verb);
    }

    [Theory]
    [InlineData("bogus")]
    [InlineData("storage", "bogus")]
    [InlineData("storage")]
    [InlineData("imaged")]
    [InlineData("imaged", "bogus")]
    [InlineData("help", "bogus")]
    [InlineData("-q", "images")]
    [InlineData("--timeout")]
    public void Parse_UnknownVerbOrMisplacedFlag_IsUsageErrorWithoutVerb(params string[] args)
    {
        var e = Assert.Throws<InvocationException>(() => Invocation.Parse(args));

        Assert.Null(e.Verb);
    }

    [Theory]
    [InlineData("pull")]
    [InlineData("rmi")]
    [InlineData("inspecti")]
    [InlineData("inspectp")]
    [InlineData("inspect")]
    [InlineData("version", "extra")]
    [InlineData("images", "a", "b")]
    [InlineData("pull", "a", "b")]
    [InlineData("ps", "--bogus")]
    [InlineData("storage", "gc", "--force")]
    [InlineData("imaged", "inspect")]
    [InlineData("imaged", "images", "a", "b")]
    [InlineData("pods", "-a")]
    public void Parse_WrongArgumentsForVerb_IsUsageErrorNamingTheVerb(params string[] args)
    {
        var e = Assert.Throws<InvocationException>(() => Invocation.Parse(args));

        Assert.NotNull(e.Verb);
    }

    [Fact]
    public void Parse_VariadicVerb_TakesManyArguments()
    {
        Assert.Equal(["a", "b", "c"], Invocation.Parse(["rmi", "a", "b", "c"]).Args.Positionals);
    }

    [Fact]
    public void VerbTable_EveryVerb_HasUniqueNameAndSummary()
    {
        Assert.Equal(VerbTable.All.Count, VerbTable.All.Select(v => v.Name).Distinct().Count());
        Assert.All(VerbTable.All, v => Assert.False(string.IsNullOrWhiteSpace(v.Summary)));
        Assert.Equal(
            ["version", "info", "health", "images", "pull", "inspecti", "rmi", "imagefsinfo", "runp", "stopp", "rmp", "pods", "inspectp", "ps", "inspect",
             "create", "start", "stop", "rm", "run", "logs", "exec", "stats", "update",
             "storage layers", "storage fs", "storage gc", "storage info",
             "imaged images", "imaged inspect", "imaged resolve", "imaged usage"],
            VerbTable.All.Select(v => v.Name));
    }
}
