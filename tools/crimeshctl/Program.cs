using CriMesh.Ctl;

using var interrupted = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    interrupted.Cancel();
};
return await Cli.RunAsync(args, Console.Out, Console.Error, interrupted.Token);
