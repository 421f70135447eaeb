using System.Text;
using System.Text.Json.Nodes;

namespace CriMesh.Testing.Registry;

/// <summary>
/// Writes Docker / containers <c>auth.json</c> files (<c>{"auths":{"HOST":{"auth":"base64(user:password)"}}}</c>), as
/// <c>podman login</c> and <c>docker login</c> leave them, for tests of credential lookup.
/// </summary>
public static class AuthJson
{
    /// <summary>The JSON text for <paramref name="entries"/> (host as in an image reference, e.g. <c>127.0.0.1:5000</c>).</summary>
    public static string Create(params (string Host, RegistryCredentials Credentials)[] entries)
    {
        var auths = new JsonObject();
        foreach (var (host, credentials) in entries)
        {
            auths[host] = new JsonObject
            {
                ["auth"] = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credentials.User}:{credentials.Password}")),
            };
        }
        return new JsonObject { ["auths"] = auths }.ToJsonString();
    }

    /// <summary>Writes <see cref="Create"/>'s JSON to <paramref name="path"/> (mode 0600, like the real tools).</summary>
    public static void Write(string path, params (string Host, RegistryCredentials Credentials)[] entries)
    {
        File.WriteAllText(path, Create(entries));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
