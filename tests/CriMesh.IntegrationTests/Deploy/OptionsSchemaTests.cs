using System.Collections;
using System.Reflection;
using System.Text.Json;
using CriMesh.Common.Config;

namespace CriMesh.IntegrationTests.Deploy;

/// <summary>
/// Each options record lists its keys by hand in its Schema (the binder uses no reflection). This test
/// may use reflection: it loads every built daemon and checks that each record's Schema names exactly its
/// settable properties, so a property added without a schema line (unconfigurable, and missing from
/// --print-config and so from deploy/crimesh.toml) fails here.
/// </summary>
public sealed class OptionsSchemaTests
{
    public static TheoryData<string> DaemonTheory => DaemonCatalog.Theory;

    [Theory]
    [MemberData(nameof(DaemonTheory))]
    public void Schema_EveryOptionsRecord_ListsEveryProperty(string daemon)
    {
        var assembly = Assembly.LoadFrom(RepoPaths.DaemonExe(daemon) + ".dll");

        var records = BindableTypes(assembly).ToList();

        Assert.NotEmpty(records);
        Assert.All(records, AssertSchemaMatchesProperties);
    }

    [Fact]
    public void Schema_NodeOptions_ListsEveryProperty() => AssertSchemaMatchesProperties(typeof(NodeOptions));

    private static void AssertSchemaMatchesProperties(Type type)
    {
        var schema = type.GetProperty("Schema", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
        var fields = (IEnumerable)schema.GetType().GetProperty("Fields")!.GetValue(schema)!;
        var keys = fields.Cast<object>().Select(f => (string)f.GetType().GetProperty("Key")!.GetValue(f)!).Order().ToList();

        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && p.GetIndexParameters().Length == 0 && p.Name != "EqualityContract")
            .Select(p => JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name))
            .Order()
            .ToList();

        Assert.True(keys.SequenceEqual(properties),
            $"{type.FullName}.Schema lists [{string.Join(", ", keys)}] but the record has [{string.Join(", ", properties)}]");
    }

    private static IEnumerable<Type> BindableTypes(Assembly assembly)
    {
        Type?[] types;
        try
        {
            types = assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            types = e.Types;
        }
        return types.OfType<Type>().Where(t => t.GetInterfaces().Any(i =>
            i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IBindableOptions<>)));
    }
}
