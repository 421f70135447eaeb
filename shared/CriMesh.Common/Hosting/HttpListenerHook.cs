using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace CriMesh.Common.Hosting;

/// <summary>
/// An extra listener beside a daemon's Unix-socket gRPC endpoint: a TCP endpoint speaking HTTP/1.1,
/// optionally over TLS — what the CRI streaming server (exec, attach, port-forward URLs) needs. The gRPC
/// endpoint is left exactly as <see cref="DaemonHost"/> set it up. Endpoints meant for this listener only
/// should be mapped with <c>.RequireHost($"*:{port}")</c> or check the local port themselves.
/// </summary>
public static class HttpListenerHook
{
    /// <summary>
    /// Adds the TCP listener on <paramref name="endPoint"/> (port 0: one the kernel picks; read it with
    /// <see cref="HttpListenerUri"/> once started), with TLS when <paramref name="certificate"/> is given.
    /// </summary>
    public static WebApplicationBuilder AddHttpListener(
        this WebApplicationBuilder builder, IPEndPoint endPoint, X509Certificate2? certificate = null)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(endPoint, listen =>
        {
            listen.Protocols = HttpProtocols.Http1;
            if (certificate is not null)
            {
                listen.UseHttps(certificate);
            }
        }));
        builder.Services.AddSingleton(new HttpListenerEndpoint(endPoint, certificate is not null));
        return builder;
    }

    /// <summary>
    /// The address the extra listener is bound to (the real port when 0 was asked for), or null when the app
    /// has none or has not started.
    /// </summary>
    public static Uri? HttpListenerUri(this WebApplication app)
    {
        if (app.Services.GetService<HttpListenerEndpoint>() is not { } wanted)
        {
            return null;
        }
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var scheme = wanted.Tls ? "https" : "http";
        foreach (var address in addresses)
        {
            if (address.StartsWith(scheme + "://", StringComparison.Ordinal) && !address.Contains("unix:", StringComparison.Ordinal)
                && Uri.TryCreate(address, UriKind.Absolute, out var uri) && (wanted.EndPoint.Port == 0 || uri.Port == wanted.EndPoint.Port))
            {
                return uri;
            }
        }
        return null;
    }
}

/// <summary>The extra listener a daemon asked for: where, and whether with TLS.</summary>
public sealed record HttpListenerEndpoint(IPEndPoint EndPoint, bool Tls);
