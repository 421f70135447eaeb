using CriMesh.Benchmarks;

// Finds every IBenchmark in this assembly and runs the one named on the command line:
//   dotnet run -c Release --project benchmarks/CriMesh.Benchmarks -- <name> [args]
var benchmarks = typeof(IBenchmark).Assembly.GetTypes()
    .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IBenchmark).IsAssignableFrom(t))
    .Select(t => (IBenchmark)Activator.CreateInstance(t)!)
    .OrderBy(b => b.Name, StringComparer.Ordinal)
    .ToList();

var chosen = args.Length > 0 ? benchmarks.FirstOrDefault(b => b.Name == args[0]) : null;
if (chosen is null)
{
    Console.Error.WriteLine("usage: CriMesh.Benchmarks <name> [args]");
    foreach (var b in benchmarks)
    {
        Console.Error.WriteLine($"  {b.Name,-16} {b.Description}");
    }
    return 2;
}

using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(20));
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cts.Cancel(); };
return await chosen.RunAsync(args[1..], cts.Token);
