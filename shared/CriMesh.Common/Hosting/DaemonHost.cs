using CriMesh.Common.Config;
using CriMesh.Common.Grpc;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;
using Serilog;
using Serilog.Events;

namespace CriMesh.Common.Hosting;

/// <summary>
/// What every CriMesh daemon shares: command line, configuration, Serilog, systemd notify and socket
/// activation, Kestrel serving gRPC (HTTP/2 only) on a Unix socket, the error interceptor and the
/// grpc.health.v1 service. A daemon's Program.cs adds its own services and maps its gRPC services.
/// </summary>
public static class DaemonHost
{
    /// <summary>Exit code for a bad command line.</summary>
    public const int ExitUsage = 2;

    /// <summary>Exit code for unusable configuration (sysexits EX_CONFIG).</summary>
    public const int ExitConfig = 78;

    /// <summary>Exit code when the socket is held by another daemon or cannot be prepared.</summary>
    public const int ExitSocket = 75;

    public static WebApplicationBuilder CreateBuilder<TOptions>(string[] args, string daemon)
        where TOptions : class, IBindableOptions<TOptions>, new()
    {
        var program = $"crimesh-{daemon}";
        var arguments = ParseArguments(args, program);
        var (node, options) = LoadConfiguration<TOptions>(arguments, daemon, program);
        if (arguments.PrintConfig)
        {
            Console.Out.Write(ConfigPrinter.Print(node, daemon, options));
            Environment.Exit(0);
        }

        var socketPath = node.SocketPath(daemon);
        var activation = SystemdActivation.FromEnvironment();
        SocketGuard guard;
        try
        {
            guard = activation is null ? SocketGuard.Acquire(socketPath) : SocketGuard.AcquireLockOnly(socketPath);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"{program}: cannot serve {socketPath}: {e.Message}");
            Environment.Exit(ExitSocket);
            throw;
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],
            ApplicationName = program,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.Sources.Clear();
        AddSystemdNotify(builder.Services);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = node.ShutdownTimeout);
        ConfigureLogging(builder, node, program);
        builder.WebHost.ConfigureKestrel(k => Listen(k, socketPath, activation));

        builder.Services.AddSingleton(node);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(new DaemonIdentity(daemon, socketPath, activation is not null));
        builder.Services.AddSingleton(guard);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddHostedService<SocketPermissions>();
        builder.Services.AddGrpc(o =>
        {
            o.Interceptors.Add<ServerErrorInterceptor>();
            o.EnableDetailedErrors = false;
            o.MaxReceiveMessageSize = 16 * 1024 * 1024;
        });
        builder.Services.AddGrpcHealthChecks(o => o.UseHealthChecksCache = false)
            .AddCheck("serving", () => HealthCheckResult.Healthy());
        return builder;
    }

    /// <summary>Maps the health service and runs until SIGTERM; in-flight calls get the shutdown timeout to finish.</summary>
    public static async Task<int> RunAsync(WebApplication app)
    {
        app.MapGrpcHealthChecksService();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("CriMesh.Host");
        var identity = app.Services.GetRequiredService<DaemonIdentity>();
        try
        {
            await app.StartAsync().ConfigureAwait(false);
            Log.Serving(logger, identity.Daemon, identity.SocketPath, Environment.ProcessId);
            await app.WaitForShutdownAsync().ConfigureAwait(false);
            Log.Stopped(logger, identity.Daemon);
            return 0;
        }
        catch (Exception e)
        {
            Log.HostFailed(logger, identity.Daemon, e);
            return 1;
        }
        finally
        {
            await app.DisposeAsync().ConfigureAwait(false);
            await Serilog.Log.CloseAndFlushAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// sd_notify(3): READY=1 once the host has started (Kestrel listening, socket mode set), STOPPING=1 on
    /// shutdown. .NET enables this only when the parent process is systemd; CriMesh enables it whenever
    /// NOTIFY_SOCKET is set, so any supervisor speaking the protocol (and the tests) get readiness too.
    /// </summary>
    private static void AddSystemdNotify(IServiceCollection services)
    {
        if (SystemdHelpers.IsSystemdService())
        {
            services.AddSystemd();
            return;
        }
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NOTIFY_SOCKET")))
        {
            return;
        }
        services.AddSingleton<ISystemdNotifier, SystemdNotifier>();
        services.AddSingleton<IHostLifetime, SystemdLifetime>();
    }

    private static DaemonArguments ParseArguments(string[] args, string program)
    {
        try
        {
            var parsed = DaemonArguments.Parse(args);
            if (parsed.Help)
            {
                Console.Out.Write(string.Format(System.Globalization.CultureInfo.InvariantCulture, DaemonArguments.Usage, program));
                Environment.Exit(0);
            }
            return parsed;
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"{program}: {e.Message}");
            Console.Error.Write(string.Format(System.Globalization.CultureInfo.InvariantCulture, DaemonArguments.Usage, program));
            Environment.Exit(ExitUsage);
            throw;
        }
    }

    private static (NodeOptions Node, TOptions Options) LoadConfiguration<TOptions>(DaemonArguments arguments, string daemon, string program)
        where TOptions : class, IBindableOptions<TOptions>, new()
    {
        try
        {
            var doc = ConfigDocument.Load(arguments.ConfigPath, arguments.DropInDir);
            return OptionsBinder.BindDaemon<TOptions>(doc, daemon);
        }
        catch (ConfigException e)
        {
            Console.Error.WriteLine($"{program}: configuration error:");
            Console.Error.WriteLine(e.Message);
            Environment.Exit(ExitConfig);
            throw;
        }
    }

    private static void ConfigureLogging(WebApplicationBuilder builder, NodeOptions node, string program)
    {
        LogLevels.TryParse(node.LogLevel, out var level);
        builder.Logging.ClearProviders();
        builder.Services.AddSerilog(lc => lc
            .MinimumLevel.Is(level)
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .MinimumLevel.Override("Grpc", LogEventLevel.Warning)
            .Enrich.FromLogContext()
            .Enrich.WithProperty("Daemon", program)
            .WriteTo.Console(
                outputTemplate: "{Timestamp:yyyy-MM-ddTHH:mm:ss.fffZ} {Level:u3} {SourceContext}: {Message:lj}{NewLine}{Exception}",
                standardErrorFromLevel: LogEventLevel.Verbose,
                formatProvider: System.Globalization.CultureInfo.InvariantCulture));
    }

    private static void Listen(KestrelServerOptions kestrel, string socketPath, SystemdActivation? activation)
    {
        kestrel.AddServerHeader = false;
        kestrel.Limits.Http2.MaxStreamsPerConnection = 1000;
        if (activation is not null)
        {
            // systemd passed the listening socket (LISTEN_FDS); serve on it instead of binding.
            kestrel.UseSystemd(o => o.Protocols = HttpProtocols.Http2);
            return;
        }
        kestrel.ListenUnixSocket(socketPath, o => o.Protocols = HttpProtocols.Http2);
    }
}
