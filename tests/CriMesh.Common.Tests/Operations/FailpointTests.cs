using CriMesh.Common.Errors;
using CriMesh.Common.Operations;

namespace CriMesh.Common.Tests.Operations;

/// <summary>
/// Failpoints act only in builds with CRIMESH_FAILPOINTS (tools/test.sh); in other builds a hit must be inert.
/// Both kinds of build are checked: each test asserts the behaviour its build must have.
/// </summary>
[Collection(nameof(FailpointTests))]
public sealed class FailpointTests : IDisposable
{
    public FailpointTests() => Environment.SetEnvironmentVariable(Failpoint.Variable, "crimesh.test.a, crimesh.test.b=error");

    public void Dispose() => Environment.SetEnvironmentVariable(Failpoint.Variable, null);

    [Theory]
    [InlineData("crimesh.test.a")]
    [InlineData("crimesh.test.b")]
    public void Hit_Listed_ThrowsWhenCompiledIn(string name)
    {
        var e = Record.Exception(() => Failpoint.Hit(name));

        if (Failpoint.Enabled)
        {
            var thrown = Assert.IsType<CriMeshException>(e);
            Assert.Equal(ErrorKind.Internal, thrown.Kind);
            Assert.Equal($"failpoint {name}", thrown.Message);
        }
        else
        {
            Assert.Null(e);
        }
    }

    [Fact]
    public void Hit_NotListed_DoesNothing()
    {
        Failpoint.Hit("crimesh.test.c");
        Failpoint.Hit("crimesh.test");
    }

    [Fact]
    public async Task Hit_Pause_WaitsForReleaseFile()
    {
        var dir = Directory.CreateTempSubdirectory("crimesh-fp-").FullName;
        Environment.SetEnvironmentVariable(Failpoint.DirectoryVariable, dir);
        Environment.SetEnvironmentVariable(Failpoint.Variable, "crimesh.test.p=pause");
        try
        {
            var hit = Task.Run(() => Failpoint.Hit("crimesh.test.p"));
            if (!Failpoint.Enabled)
            {
                await hit.WaitAsync(TimeSpan.FromSeconds(10));
                Assert.False(File.Exists(Path.Combine(dir, "crimesh.test.p.reached")));
                return;
            }
            for (var i = 0; i < 200 && !File.Exists(Path.Combine(dir, "crimesh.test.p.reached")); i++)
            {
                await Task.Delay(25);
            }
            Assert.True(File.Exists(Path.Combine(dir, "crimesh.test.p.reached")));
            Assert.False(hit.IsCompleted);
            await File.WriteAllTextAsync(Path.Combine(dir, "crimesh.test.p.release"), "");
            await hit.WaitAsync(TimeSpan.FromSeconds(10));
        }
        finally
        {
            Environment.SetEnvironmentVariable(Failpoint.DirectoryVariable, null);
            Directory.Delete(dir, recursive: true);
        }
    }
}
