using System.Xml.Linq;

namespace CriMesh.IntegrationTests.Deploy;

/// <summary>The five daemons: name, project directory, unit and assembly name as the csproj sets it.</summary>
internal static class DaemonCatalog
{
    public static IReadOnlyList<string> Names { get; } = ["gateway", "imaged", "storaged", "netd", "conmon"];

    public static TheoryData<string> Theory
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var name in Names)
            {
                data.Add(name);
            }
            return data;
        }
    }

    public static string ProjectDir(string daemon) =>
        Path.Combine(RepoPaths.Root, "services", daemon == "gateway" ? "cri-gateway" : daemon);

    public static string UnitName(string daemon) => $"crimesh-{daemon}.service";

    /// <summary>The &lt;AssemblyName&gt; of the one csproj in <paramref name="projectDir"/>.</summary>
    public static string AssemblyNameIn(string projectDir)
    {
        var csproj = Assert.Single(Directory.GetFiles(projectDir, "*.csproj"));
        var names = XDocument.Load(csproj).Descendants("AssemblyName").Select(e => e.Value.Trim()).ToList();
        return Assert.Single(names);
    }
}
