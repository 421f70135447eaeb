using System.Globalization;
using System.Text;

namespace CriMesh.Testing.Registry;

/// <summary>
/// Debian's real registry (<c>/usr/bin/docker-registry</c>, CNCF distribution 2.8) as a child process on
/// 127.0.0.1 with a generated config: filesystem storage in a fresh temp dir, deletes enabled, and optionally
/// htpasswd (Basic) or token (Bearer) auth. Dispose kills it by PID and deletes the temp dir.
/// </summary>
/// <example><code>
/// await using var registry = await new RegistryServer().WithHtpasswd("alice", "s3cret").StartAsync();
/// var digest = await new RegistryPusher(registry, new RegistryCredentials("alice", "s3cret"))
///     .PushAsync("library/busybox", TestImages.Busybox(), "latest");
/// // pull from $"{registry.Host}/library/busybox:latest" over plain http
/// </code></example>
public sealed class RegistryServer : IAsyncDisposable
{
    /// <summary>The registry binary.</summary>
    public const string Binary = "/usr/bin/docker-registry";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(10);
    private const int StartAttempts = 3;

    private readonly List<(string User, string Password)> _users = [];
    private TokenServer? _tokenServer;
    private bool _tls;
    private TestCertificates? _certificates;
    private Action<string>? _onOutputLine;
    private TempDir? _dir;
    private ChildProcess? _process;

    /// <summary>Adds a user for Basic auth (htpasswd file made with <c>htpasswd -Bbn</c>, bcrypt). Call again for more users.</summary>
    public RegistryServer WithHtpasswd(string user, string password)
    {
        EnsureNotStarted();
        _users.Add((user, password));
        return this;
    }

    /// <summary>Makes the registry demand Bearer tokens from <paramref name="tokenServer"/> (which must be started).</summary>
    public RegistryServer WithTokenAuth(TokenServer tokenServer)
    {
        EnsureNotStarted();
        _tokenServer = tokenServer;
        return this;
    }

    /// <summary>
    /// Serves HTTPS with a server certificate for 127.0.0.1 signed by a fresh test CA (<see cref="Certificates"/>;
    /// clients trust <c>Certificates.CaPath</c>). <see cref="BaseUri"/> becomes <c>https://</c>.
    /// </summary>
    public RegistryServer WithTls()
    {
        EnsureNotStarted();
        _tls = true;
        return this;
    }

    /// <summary>The CA and server certificate of a <see cref="WithTls"/> registry (after start), else null.</summary>
    public TestCertificates? Certificates => _certificates;

    /// <summary>Forwards every line the registry logs (e.g. to xUnit's <c>ITestOutputHelper.WriteLine</c>).</summary>
    public RegistryServer WithOutputTo(Action<string> onOutputLine)
    {
        _onOutputLine = onOutputLine;
        return this;
    }

    /// <summary>The port it listens on (after start).</summary>
    public int Port { get; private set; }

    /// <summary><c>127.0.0.1:PORT</c>, the registry host part of an image reference.</summary>
    public string Host => $"127.0.0.1:{Port}";

    /// <summary><c>http://127.0.0.1:PORT/</c> (<c>https://</c> with <see cref="WithTls"/>).</summary>
    public Uri BaseUri => new($"{(_tls ? "https" : "http")}://{Host}/");

    /// <summary>The storage root directory (the registry's <c>rootdirectory</c>).</summary>
    public string DataDirectory => Path.Combine(Dir.Path, "data");

    /// <summary>
    /// Where the registry keeps a blob's bytes on disk (<c>DATA/docker/registry/v2/blobs/sha256/AB/HEX/data</c>), e.g. to
    /// corrupt it in place so the real registry serves bytes that no longer match the digest.
    /// </summary>
    public string BlobFilePath(string digest)
    {
        var hex = Images.Digests.Hex(digest);
        return Path.Combine(DataDirectory, "docker", "registry", "v2", "blobs", "sha256", hex[..2], hex, "data");
    }

    /// <summary>The running process (for its PID and captured output).</summary>
    public ChildProcess Process => _process ?? throw new InvalidOperationException("the registry was not started");

    /// <summary>What the registry logged to stderr so far (its log goes there).</summary>
    public string Stderr => _process?.Stderr ?? "";

    /// <summary>The token server it trusts, if any.</summary>
    public TokenServer? TokenServer => _tokenServer;

    /// <summary>True when Basic auth is configured.</summary>
    public bool UsesHtpasswd => _users.Count > 0;

    /// <summary><c>127.0.0.1:PORT/REPOSITORY[:tag]</c>.</summary>
    public string Reference(string repository, string? tag = null) => tag is null ? $"{Host}/{repository}" : $"{Host}/{repository}:{tag}";

    private TempDir Dir => _dir ?? throw new InvalidOperationException("the registry was not started");

    /// <summary>
    /// Writes the config and starts the registry; returns when <c>GET /v2/</c> answers (200, or 401 with auth).
    /// Retries on another port if the chosen one was taken meanwhile; throws <see cref="TimeoutException"/> with the
    /// registry's output if it does not come up within 10 s.
    /// </summary>
    public async Task<RegistryServer> StartAsync(CancellationToken cancellationToken = default)
    {
        EnsureNotStarted();
        if (!File.Exists(Binary))
        {
            throw new FileNotFoundException($"{Binary} not found (install the docker-registry package)", Binary);
        }
        _dir = new TempDir("crimesh-registry");
        try
        {
            return await StartProcessAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // The caller never gets the object to dispose, so nothing may outlive a failed start.
            await DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task<RegistryServer> StartProcessAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(DataDirectory);
        if (_tls)
        {
            _certificates = TestCertificates.Create(Directory.CreateDirectory(Path.Combine(Dir.Path, "certs")).FullName);
        }
        if (_users.Count > 0)
        {
            await WriteHtpasswdAsync(cancellationToken).ConfigureAwait(false);
        }
        // The readiness probe only asks "is it listening"; trust is the caller's business.
        using var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(2) };
        var failures = new StringBuilder();
        for (var attempt = 0; attempt < StartAttempts; attempt++)
        {
            Port = Tools.FreeTcpPort();
            var configPath = Path.Combine(Dir.Path, "config.yml");
            await File.WriteAllTextAsync(configPath, BuildConfig(), cancellationToken).ConfigureAwait(false);
            _process = ChildProcess.Start(Binary, ["serve", configPath], onOutputLine: _onOutputLine);
            var process = _process;
            var listening = $"msg=\"listening on 127.0.0.1:{Port}";
            var ready = await _process.WaitUntilAsync(async ct =>
            {
                // Our own log line first: otherwise a server that took the port meanwhile could answer the probe.
                var log = process.Stderr;
                if (!log.Contains(listening + "\"", StringComparison.Ordinal) && !log.Contains(listening + ", tls", StringComparison.Ordinal))
                {
                    return false;
                }
                using var response = await http.GetAsync(new Uri(BaseUri, "v2/"), ct).ConfigureAwait(false);
                return response.StatusCode is System.Net.HttpStatusCode.OK or System.Net.HttpStatusCode.Unauthorized;
            }, StartTimeout, TimeSpan.FromMilliseconds(50), cancellationToken).ConfigureAwait(false);
            if (ready)
            {
                return this;
            }
            failures.Append(CultureInfo.InvariantCulture, $"attempt {attempt + 1} on port {Port}: {_process.Describe()}\n");
            await _process.DisposeAsync().ConfigureAwait(false);
            _process = null;
        }
        throw new TimeoutException($"docker-registry did not answer GET /v2/ within {StartTimeout}\n{failures}");
    }

    /// <summary>Kills the registry by PID (waits for it) and deletes its temp dir with all stored images.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync().ConfigureAwait(false);
            _process = null;
        }
        _certificates?.Dispose();
        _certificates = null;
        _dir?.Dispose();
        _dir = null;
    }

    private async Task WriteHtpasswdAsync(CancellationToken cancellationToken)
    {
        var lines = new StringBuilder();
        foreach (var (user, password) in _users)
        {
            // -B bcrypt (the only hash distribution accepts), -b password from the command line, -n print to stdout.
            var result = await ChildProcess.RunAsync("htpasswd", ["-Bbn", user, password], TimeSpan.FromSeconds(30), cancellationToken: cancellationToken)
                .ConfigureAwait(false);
            lines.Append(result.Stdout.Trim()).Append('\n');
        }
        await File.WriteAllTextAsync(Path.Combine(Dir.Path, "htpasswd"), lines.ToString(), cancellationToken).ConfigureAwait(false);
    }

    private string BuildConfig()
    {
        // distribution's configuration.md: version 0.1; one auth provider at most.
        var yaml = new StringBuilder();
        yaml.Append("version: 0.1\n");
        yaml.Append("log:\n  level: info\n  formatter: text\n  accesslog:\n    disabled: false\n");
        yaml.Append("storage:\n");
        yaml.Append(CultureInfo.InvariantCulture, $"  filesystem:\n    rootdirectory: {Quote(DataDirectory)}\n");
        yaml.Append("  delete:\n    enabled: true\n");
        yaml.Append("  maintenance:\n    uploadpurging:\n      enabled: false\n");
        yaml.Append("http:\n");
        yaml.Append(CultureInfo.InvariantCulture, $"  addr: 127.0.0.1:{Port}\n");
        yaml.Append(CultureInfo.InvariantCulture, $"  secret: {Quote(Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)))}\n");
        yaml.Append("  headers:\n    X-Content-Type-Options: [nosniff]\n");
        if (_certificates is not null)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"  tls:\n    certificate: {Quote(_certificates.ServerCertificatePath)}\n    key: {Quote(_certificates.ServerKeyPath)}\n");
        }
        if (_users.Count > 0)
        {
            yaml.Append("auth:\n  htpasswd:\n    realm: crimesh-test\n");
            yaml.Append(CultureInfo.InvariantCulture, $"    path: {Quote(Path.Combine(Dir.Path, "htpasswd"))}\n");
        }
        else if (_tokenServer is not null)
        {
            yaml.Append("auth:\n  token:\n");
            yaml.Append(CultureInfo.InvariantCulture, $"    realm: {Quote(_tokenServer.Realm.ToString())}\n");
            yaml.Append(CultureInfo.InvariantCulture, $"    service: {Quote(_tokenServer.Service)}\n");
            yaml.Append(CultureInfo.InvariantCulture, $"    issuer: {Quote(_tokenServer.Issuer)}\n");
            yaml.Append(CultureInfo.InvariantCulture, $"    rootcertbundle: {Quote(_tokenServer.RootCertBundlePath)}\n");
        }
        return yaml.ToString();
    }

    private static string Quote(string s) => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private void EnsureNotStarted()
    {
        if (_dir is not null)
        {
            throw new InvalidOperationException("the registry is already started; configure it before StartAsync");
        }
        if (_users.Count > 0 && _tokenServer is not null)
        {
            throw new InvalidOperationException("htpasswd and token auth cannot be combined (distribution allows one auth provider)");
        }
    }
}
