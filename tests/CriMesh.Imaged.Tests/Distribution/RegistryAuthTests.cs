using System.Text;
using CriMesh.Protos.Imaged.V1;
using Grpc.Core;

namespace CriMesh.Imaged.Tests.Distribution;

/// <summary>Basic (htpasswd) and Bearer (token server) auth against the real docker-registry.</summary>
public sealed class RegistryAuthTests(RegistryFixture registries) : IClassFixture<RegistryFixture>
{
    private const string User = RegistryFixture.User;
    private const string Password = RegistryFixture.Password;

    private Task<ImagedHost> StartAsync() => ImagedHost.StartAsync(registries.InsecureKeys);

    private static string B64(string s) => Convert.ToBase64String(Encoding.UTF8.GetBytes(s));

    public static TheoryData<string> Registries => new() { "basic", "bearer" };

    private string Reference(string which, string tag = "latest") =>
        $"{(which == "basic" ? registries.Basic.Host : registries.Bearer.Host)}/private/busybox:{tag}";

    [Theory]
    [MemberData(nameof(Registries))]
    public async Task PullImage_UsernamePassword_Succeeds(string which)
    {
        await using var host = await StartAsync();
        var pulled = await host.Client.PullImageAsync(new PullImageRequest
        {
            Image = Reference(which),
            Auth = new AuthConfig { Username = User, Password = Password },
        });
        Assert.StartsWith("sha256:", pulled.ImageRef, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Registries))]
    public async Task PullImage_AuthField_Succeeds(string which)
    {
        await using var host = await StartAsync();
        var pulled = await host.Client.PullImageAsync(new PullImageRequest
        {
            Image = Reference(which),
            Auth = new AuthConfig { Auth = B64($"{User}:{Password}") },
        });
        Assert.StartsWith("sha256:", pulled.ImageRef, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Registries))]
    public async Task PullImage_CredentialsFromAuthJson_Succeeds(string which)
    {
        await using var host = await StartAsync();
        var registry = which == "basic" ? registries.Basic.Host : registries.Bearer.Host;
        await File.WriteAllTextAsync(Path.Combine(host.Dir, "auth.json"),
            $"{{\"auths\": {{\"{registry}\": {{\"auth\": \"{B64($"{User}:{Password}")}\"}} }} }}");
        var pulled = await host.Client.PullImageAsync(new PullImageRequest { Image = Reference(which) });
        Assert.StartsWith("sha256:", pulled.ImageRef, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Registries))]
    public async Task PullImage_WrongPassword_IsUnauthenticated(string which)
    {
        await using var host = await StartAsync();
        var e = await Assert.ThrowsAsync<RpcException>(async () => await host.Client.PullImageAsync(new PullImageRequest
        {
            Image = Reference(which),
            Auth = new AuthConfig { Username = User, Password = "wrong" },
        }));
        Assert.Equal(StatusCode.Unauthenticated, e.StatusCode);
        Assert.Contains(User, e.Status.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong", e.Status.Detail, StringComparison.Ordinal);
        Assert.Empty((await host.Client.ListImagesAsync(new ListImagesRequest())).Images);
    }

    [Theory]
    [MemberData(nameof(Registries))]
    public async Task PullImage_NoCredentials_IsUnauthenticated(string which)
    {
        await using var host = await StartAsync();
        var e = await Assert.ThrowsAsync<RpcException>(async () => await host.Client.PullImageAsync(new PullImageRequest { Image = Reference(which) }));
        Assert.Equal(StatusCode.Unauthenticated, e.StatusCode);
    }

    [Fact]
    public async Task PullImage_Bearer_ReusesTokenUntilExpiry()
    {
        await using var host = await StartAsync();
        var auth = new AuthConfig { Username = User, Password = Password };
        await host.Client.PullImageAsync(new PullImageRequest { Image = Reference("bearer"), Auth = auth });
        var issued = registries.Tokens.TokensIssued;
        await host.Client.PullImageAsync(new PullImageRequest { Image = Reference("bearer", "second"), Auth = auth });
        await host.Client.PullImageAsync(new PullImageRequest { Image = Reference("bearer"), Auth = auth });
        Assert.Equal(issued, registries.Tokens.TokensIssued);
    }

    [Fact]
    public async Task PullImage_Bearer_OtherRepositoryGetsItsOwnToken()
    {
        await using var host = await StartAsync();
        var auth = new AuthConfig { Username = User, Password = Password };
        await host.Client.PullImageAsync(new PullImageRequest { Image = Reference("bearer"), Auth = auth });
        var issued = registries.Tokens.TokensIssued;
        await host.Client.PullImageAsync(new PullImageRequest { Image = $"{registries.Bearer.Host}/private/multi:latest", Auth = auth });
        Assert.Equal(issued + 1, registries.Tokens.TokensIssued);
    }

    [Fact]
    public async Task PullImage_RegistryToken_IsSentAsIs()
    {
        await using var host = await StartAsync();
        var token = registries.Tokens.CreateToken(User, ["repository:private/busybox:pull"]);
        var pulled = await host.Client.PullImageAsync(new PullImageRequest
        {
            Image = Reference("bearer"),
            Auth = new AuthConfig { RegistryToken = token },
        });
        Assert.StartsWith("sha256:", pulled.ImageRef, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PullImage_RegistryTokenForOtherRepository_IsRefused()
    {
        await using var host = await StartAsync();
        var token = registries.Tokens.CreateToken(User, ["repository:someone/else:pull"]);
        var e = await Assert.ThrowsAsync<RpcException>(async () => await host.Client.PullImageAsync(new PullImageRequest
        {
            Image = Reference("bearer"),
            Auth = new AuthConfig { RegistryToken = token },
        }));
        Assert.True(e.StatusCode is StatusCode.Unauthenticated or StatusCode.PermissionDenied, e.Status.ToString());
    }
}
