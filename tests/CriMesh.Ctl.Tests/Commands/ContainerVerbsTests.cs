using CriMesh.Ctl.Arguments;
using CriMesh.Ctl.Commands;
using CriMesh.Protos.Runtime.V1;

namespace CriMesh.Ctl.Tests.Commands;

public sealed class ContainerVerbsTests
{
    [Fact]
    public void Entries_PartialLines_JoinedPerStream()
    {
        var entries = CriLogReader.Entries(
        [
            "2026-01-01T00:00:00.1Z stdout P hel",
            "2026-01-01T00:00:00.2Z stderr F oops",
            "2026-01-01T00:00:00.3Z stdout F lo",
            "garbage",
            "2026-01-01T00:00:00.4Z stdout F ",
        ]).ToList();

        Assert.Equal([("stderr", "oops\n"), ("stdout", "hello\n"), ("stdout", "\n")], entries);
    }

    [Fact]
    public void PrintExisting_Tail_PrintsLastEntriesOnly()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "t stdout F one\nt stdout F two\nt stderr F three\nt stdout F four\nt stdout P incomplete-no-newline");
            var output = new StringWriter();
            var errors = new StringWriter();
            new CriLogReader(file, output, errors).PrintExisting(2);
            Assert.Equal(("four\n", "three\n"), (output.ToString(), errors.ToString()));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void PrintNew_AfterAppend_PrintsOnlyTheNewEntries()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "t stdout F one\n");
            var output = new StringWriter();
            var reader = new CriLogReader(file, output, TextWriter.Null);
            reader.PrintExisting(-1);
            File.AppendAllText(file, "t stdout F two\n");
            reader.PrintNew();
            Assert.Equal("one\ntwo\n", output.ToString());
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void BuildResources_Flags_BecomeLimits()
    {
        var args = new ParsedArgs();
        args.Set("cpu-shares", "512");
        args.Set("memory", "67108864");
        args.Set("cpuset-cpus", "0-1");
        var r = ContainerIoCommands.BuildResources(args);
        Assert.Equal((512L, 67108864L, "0-1", 0L), (r.CpuShares, r.MemoryLimitInBytes, r.CpusetCpus, r.CpuQuota));
    }

    [Fact]
    public void BuildResources_NotANumber_UsageError()
    {
        var args = new ParsedArgs();
        args.Set("memory", "lots");
        Assert.Throws<UsageException>(() => ContainerIoCommands.BuildResources(args));
    }

    [Fact]
    public void ReadConfig_CrictlStyleJson_Parses()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, """{ "metadata": { "name": "app" }, "image": { "image": "busybox" }, "command": ["sh"], "log_path": "app/0.log" }""");
            var config = ContainerLifecycleCommands.ReadConfig<ContainerConfig>(file);
            Assert.Equal(("app", "busybox", "app/0.log"), (config.Metadata.Name, config.Image.Image, config.LogPath));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void ReadConfig_Malformed_UsageError()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, """{ "metadata": 5 }""");
            Assert.Throws<UsageException>(() => ContainerLifecycleCommands.ReadConfig<ContainerConfig>(file));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData(null, 10)]
    [InlineData("0", 0)]
    [InlineData("30", 30)]
    public void TimeoutSeconds_Flag_Parsed(string? value, long expected)
    {
        var args = new ParsedArgs();
        if (value is not null) args.Set("timeout-seconds", value);
        Assert.Equal(expected, ContainerLifecycleCommands.TimeoutSeconds(args));
    }
}
