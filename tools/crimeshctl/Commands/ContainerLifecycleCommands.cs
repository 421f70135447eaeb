using System.Globalization;
using CriMesh.Ctl.Arguments;
using CriMesh.Protos.Runtime.V1;
using Google.Protobuf;

namespace CriMesh.Ctl.Commands;

/// <summary>The container lifecycle verbs: create, start, stop, rm, run (as crictl has them).</summary>
internal static class ContainerLifecycleCommands
{
    public static IEnumerable<Verb> Verbs =>
    [
        new("create", "POD-ID CONTAINER-CONFIG POD-CONFIG", "create a container in a pod from JSON configs (CRI ContainerConfig, PodSandboxConfig)",
            [], 3, 3, CreateAsync),
        new("start", "CONTAINER-ID...", "start created containers", [], 1, int.MaxValue, StartAsync),
        new("stop", "CONTAINER-ID...", "stop running containers (stop signal, then SIGKILL after the timeout)",
            [FlagSpec.Value("timeout-seconds", 't', "SECONDS", "seconds to wait before SIGKILL (default 10)")], 1, int.MaxValue, StopAsync),
        new("rm", "CONTAINER-ID...", "remove containers (-f: also running ones)",
            [FlagSpec.Switch("force", 'f', "stop a running container first")], 1, int.MaxValue, RemoveAsync),
        new("run", "CONTAINER-CONFIG POD-CONFIG", "pull the image, run a pod, create and start the container in it; print the container ID",
            [FlagSpec.Value("runtime", 'r', "HANDLER", "runtime handler of the pod (default: the node's default)")], 2, 2, RunAsync),
    ];

    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(false));

    /// <summary>A CRI message from a JSON file (proto field names or lowerCamelCase, as crictl's files use).</summary>
    internal static T ReadConfig<T>(string path) where T : IMessage, new()
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot read {path}: {e.Message}");
        }
        try
        {
            return Parser.Parse<T>(text);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new UsageException($"{path} is not a valid {typeof(T).Name}: {e.Message}");
        }
    }

    private static async Task<int> CreateAsync(CommandContext context)
    {
        var args = context.Args.Positionals;
        var request = new CreateContainerRequest
        {
            PodSandboxId = args[0],
            Config = ReadConfig<ContainerConfig>(args[1]),
            SandboxConfig = ReadConfig<PodSandboxConfig>(args[2]),
        };
        var response = await context.Runtime.CreateContainerAsync(request, context.Call());
        context.Out.WriteLine(response.ContainerId);
        return 0;
    }

    private static async Task<int> StartAsync(CommandContext context)
    {
        foreach (var id in context.Args.Positionals)
        {
            await context.Runtime.StartContainerAsync(new StartContainerRequest { ContainerId = id }, context.Call());
            context.Out.WriteLine(id);
        }
        return 0;
    }

    internal static long TimeoutSeconds(ParsedArgs args)
    {
        var text = args.Value("timeout-seconds");
        if (text is null) return 10;
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var s)
            ? s : throw new UsageException($"--timeout-seconds must be a whole number of seconds, got \"{text}\"");
    }

    private static async Task<int> StopAsync(CommandContext context)
    {
        var timeout = TimeoutSeconds(context.Args);
        foreach (var id in context.Args.Positionals)
        {
            await context.Runtime.StopContainerAsync(new StopContainerRequest { ContainerId = id, Timeout = timeout }, context.Call());
            context.Out.WriteLine(id);
        }
        return 0;
    }

    private static async Task<int> RemoveAsync(CommandContext context)
    {
        foreach (var id in context.Args.Positionals)
        {
            if (!context.Args.Has("force"))
            {
                var status = await context.Runtime.ContainerStatusAsync(new ContainerStatusRequest { ContainerId = id }, context.Call());
                if (status.Status.State == ContainerState.ContainerRunning)
                    throw new UsageException($"container {id} is running; stop it first or use -f");
            }
            await context.Runtime.RemoveContainerAsync(new RemoveContainerRequest { ContainerId = id }, context.Call());
            context.Out.WriteLine(id);
        }
        return 0;
    }

    private static async Task<int> RunAsync(CommandContext context)
    {
        var config = ReadConfig<ContainerConfig>(context.Args.Positionals[0]);
        var pod = ReadConfig<PodSandboxConfig>(context.Args.Positionals[1]);
        var image = config.Image?.Image ?? "";
        if (image.Length == 0) throw new UsageException("the container config names no image");
        await context.Images.PullImageAsync(new PullImageRequest { Image = new ImageSpec { Image = image }, SandboxConfig = pod }, context.Call());
        var podId = (await context.Runtime.RunPodSandboxAsync(
            new RunPodSandboxRequest { Config = pod, RuntimeHandler = context.Args.Value("runtime") ?? "" }, context.Call())).PodSandboxId;
        var id = (await context.Runtime.CreateContainerAsync(
            new CreateContainerRequest { PodSandboxId = podId, Config = config, SandboxConfig = pod }, context.Call())).ContainerId;
        await context.Runtime.StartContainerAsync(new StartContainerRequest { ContainerId = id }, context.Call());
        context.Out.WriteLine(id);
        return 0;
    }
}
