using CriMesh.Testing;
using CriMesh.Testing.Images;
using CriMesh.Testing.Registry;

namespace CriMesh.IntegrationTests.Testkit;

public sealed class TokenServerTests
{
    [Fact]
    public async Task PushAsync_TokenAuthRegistry_OneTokenServesTheWholePush()
    {
        var creds = new RegistryCredentials("bob", "hunter2");
        await using var tokens = await new TokenServer().WithUser(creds.User, creds.Password).StartAsync();
        await using var registry = await new RegistryServer().WithTokenAuth(tokens).StartAsync();
        using var pusher = new RegistryPusher(registry, creds);
        var image = TestImages.MultiLayer();

        await pusher.PushAsync("test/token", image, "v1");

        Assert.Equal(1, pusher.TokensFetched);
        Assert.Equal(1, tokens.TokensIssued);
        await RegistryServerTests.AssertSkopeoSeesAsync(registry.Reference("test/token", "v1"), image, creds);
        Assert.True(tokens.TokensIssued > 1);
        Assert.All(tokens.Requests, r => Assert.Equal("bob", r.User));
    }

    [Fact]
    public async Task Token_WrongPassword_Refused()
    {
        await using var tokens = await new TokenServer().WithUser("bob", "hunter2").StartAsync();
        await using var registry = await new RegistryServer().WithTokenAuth(tokens).StartAsync();
        using var pusher = new RegistryPusher(registry, new RegistryCredentials("bob", "wrong"));

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => pusher.PushAsync("test/token", TestImages.Busybox()));

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.Equal(0, tokens.TokensIssued);
        Assert.False(Assert.Single(tokens.Requests).Granted);
        var skopeo = await Skopeo.RunAsync(["inspect", "--tls-verify=false", "--creds", "bob:wrong", "docker://" + registry.Reference("test/token", "latest")]);
        Assert.NotEqual(0, skopeo.ExitCode);
    }

    [Fact]
    public async Task Registry_TokenForOtherRepository_Rejected()
    {
        await using var tokens = await new TokenServer().WithUser("bob", "pw").StartAsync();
        await using var registry = await new RegistryServer().WithTokenAuth(tokens).StartAsync();
        using (var pusher = new RegistryPusher(registry, new RegistryCredentials("bob", "pw")))
        {
            await pusher.PushAsync("test/a", TestImages.Busybox());
        }
        using var http = new HttpClient();

        var wrongScope = tokens.CreateToken("bob", ["repository:test/b:pull"]);
        var rightScope = tokens.CreateToken("bob", ["repository:test/a:pull"]);

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, await GetManifestStatusAsync(http, registry, "test/a", wrongScope));
        Assert.Equal(System.Net.HttpStatusCode.OK, await GetManifestStatusAsync(http, registry, "test/a", rightScope));
    }

    [Fact]
    public async Task Registry_TokenSignedByUntrustedKey_Rejected()
    {
        await using var tokens = await new TokenServer().WithUser("bob", "pw").StartAsync();
        await using var stranger = await new TokenServer().StartAsync();
        await using var registry = await new RegistryServer().WithTokenAuth(tokens).StartAsync();
        using (var pusher = new RegistryPusher(registry, new RegistryCredentials("bob", "pw")))
        {
            await pusher.PushAsync("test/a", TestImages.Busybox());
        }
        using var http = new HttpClient();

        var forged = stranger.CreateToken("bob", ["repository:test/a:pull"]);

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, await GetManifestStatusAsync(http, registry, "test/a", forged));
    }

    [Fact]
    public async Task WithAccessRule_PullOnlyUser_CanPullButNotPush()
    {
        await using var tokens = await new TokenServer()
            .WithUser("admin", "a").WithUser("reader", "r")
            .WithAccessRule((user, _, action) => user == "admin" || action == "pull")
            .StartAsync();
        await using var registry = await new RegistryServer().WithTokenAuth(tokens).StartAsync();
        using (var admin = new RegistryPusher(registry, new RegistryCredentials("admin", "a")))
        {
            await admin.PushAsync("test/ro", TestImages.Busybox());
        }
        var readerCreds = new RegistryCredentials("reader", "r");
        using var reader = new RegistryPusher(registry, readerCreds);

        var push = await Assert.ThrowsAsync<HttpRequestException>(() => reader.PushAsync("test/ro", TestImages.MultiLayer()));
        var inspect = await Skopeo.InspectAsync(registry.Reference("test/ro", "latest"), readerCreds);

        Assert.Contains("401", push.Message, StringComparison.Ordinal);
        Assert.Equal(TestImages.Busybox().Digest, (string?)inspect["Digest"]);
    }

    [Fact]
    public async Task Fault_Set_TokenRequestsFailUntilCleared()
    {
        await using var tokens = await new TokenServer().WithUser("bob", "pw").StartAsync();
        await using var registry = await new RegistryServer().WithTokenAuth(tokens).StartAsync();
        tokens.Fault = FaultyResponse.Status(503);

        using (var failing = new RegistryPusher(registry, new RegistryCredentials("bob", "pw")))
        {
            var error = await Assert.ThrowsAsync<HttpRequestException>(() => failing.PushAsync("test/f", TestImages.Busybox()));
            Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, error.StatusCode);
        }
        tokens.Fault = null;
        using var working = new RegistryPusher(registry, new RegistryCredentials("bob", "pw"));
        await working.PushAsync("test/f", TestImages.Busybox());

        Assert.Equal(1, tokens.TokensIssued);
        Assert.False(tokens.Requests[0].Granted);
    }

    [Fact]
    public async Task Token_OAuthPasswordGrantPost_ReturnsTokenWithLifetime()
    {
        await using var tokens = await new TokenServer().WithUser("bob", "pw").WithTokenLifetime(TimeSpan.FromSeconds(42)).StartAsync();
        using var http = new HttpClient();

        using var response = await http.PostAsync(tokens.Realm, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["username"] = "bob",
            ["password"] = "pw",
            ["service"] = tokens.Service,
            ["scope"] = "repository:x/y:pull",
            ["client_id"] = "crimesh-test",
        }));
        var json = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(42, (int)json["expires_in"]!);
        Assert.Equal((string?)json["token"], (string?)json["access_token"]);
        Assert.Equal(["repository:x/y:pull"], Assert.Single(tokens.Requests).Scopes);
    }

    [Fact]
    public async Task Token_Anonymous_RefusedUnlessAllowed()
    {
        await using var strict = await new TokenServer().StartAsync();
        await using var open = await new TokenServer().WithAnonymousAccess().StartAsync();
        using var http = new HttpClient();

        using var refused = await http.GetAsync(new Uri(strict.Realm + "?service=" + strict.Service + "&scope=repository:a:pull"));
        using var granted = await http.GetAsync(new Uri(open.Realm + "?service=" + open.Service + "&scope=repository:a:pull"));

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.OK, granted.StatusCode);
        Assert.Equal(0, strict.TokensIssued);
        Assert.Equal(1, open.TokensIssued);
    }

    [Fact]
    public async Task Token_WrongService_Refused()
    {
        await using var tokens = await new TokenServer().WithUser("bob", "pw").StartAsync();
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(tokens.Realm + "?service=other&scope=repository:a:pull"));
        request.Headers.Authorization = new("Basic", Convert.ToBase64String("bob:pw"u8.ToArray()));

        using var response = await http.SendAsync(request);

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private static async Task<System.Net.HttpStatusCode> GetManifestStatusAsync(HttpClient http, RegistryServer registry, string repository, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(registry.BaseUri, $"v2/{repository}/manifests/latest"));
        request.Headers.Authorization = new("Bearer", token);
        request.Headers.Accept.Add(new(MediaTypes.OciManifest));
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }
}
