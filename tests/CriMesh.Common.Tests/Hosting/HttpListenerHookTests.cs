using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CriMesh.Common.Grpc;
using CriMesh.Common.Hosting;
using Grpc.Health.V1;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CriMesh.Common.Tests.Hosting;

public sealed class HttpListenerHookTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("crimesh-listener-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private async Task<WebApplication> StartAsync(X509Certificate2? certificate)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.ListenUnixSocket(Path.Combine(_dir, "d.sock"), o => o.Protocols = HttpProtocols.Http2));
        builder.AddHttpListener(new IPEndPoint(IPAddress.Loopback, 0), certificate);
        builder.Services.AddGrpc();
        builder.Services.AddGrpcHealthChecks().AddCheck("serving", () => HealthCheckResult.Healthy());
        var app = builder.Build();
        app.MapGrpcHealthChecksService();
        app.MapGet("/stream/{id}", (string id, HttpContext c) => $"stream {id} over {c.Request.Protocol}");
        await app.StartAsync();
        return app;
    }

    [Fact]
    public async Task AddHttpListener_Plain_ServesHttp11OverTcpAndKeepsGrpcOnTheSocket()
    {
        await using var app = await StartAsync(null);
        var uri = app.HttpListenerUri();

        Assert.NotNull(uri);
        Assert.Equal("http", uri.Scheme);
        Assert.NotEqual(0, uri.Port);
        using var http = new HttpClient();
        Assert.Equal("stream x1 over HTTP/1.1", await http.GetStringAsync(new Uri(uri, "/stream/x1")));
        using var channel = UnixChannel.Create(Path.Combine(_dir, "d.sock"));
        var health = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
    }

    [Fact]
    public async Task AddHttpListener_WithCertificate_ServesTls()
    {
        using var certificate = SelfSigned();
        await using var app = await StartAsync(certificate);
        var uri = app.HttpListenerUri();

        Assert.NotNull(uri);
        Assert.Equal("https", uri.Scheme);
        using var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, cert, _, _) => cert?.GetCertHashString() == certificate.GetCertHashString(),
            },
        };
        using var http = new HttpClient(handler);
        Assert.Equal("stream y over HTTP/1.1", await http.GetStringAsync(new Uri(uri, "/stream/y")));
        using var plain = new TcpClient();
        await plain.ConnectAsync(IPAddress.Loopback, uri.Port);
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        return X509CertificateLoader.LoadPkcs12(cert.Export(X509ContentType.Pkcs12), null);
    }
}
