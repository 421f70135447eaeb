namespace CriMesh.Ctl.Arguments;

/// <summary>
/// Hand-written flag parser in the GNU style: <c>--name VALUE</c>, <c>--name=VALUE</c>, <c>-n VALUE</c>,
/// switches <c>-q</c> / <c>--quiet</c>, and <c>--</c> to end flags. Unknown flags are usage errors.
/// </summary>
internal static class ArgumentParser
{
    /// <summary>
    /// Parses <paramref name="args"/> from <paramref name="start"/> into <paramref name="into"/>. With
    /// <paramref name="stopAtPositional"/> it stops at the first positional and returns its index (or
    /// args.Length); otherwise it consumes everything and returns args.Length.
    /// </summary>
    public static int Parse(
        IReadOnlyList<string> args, int start, IReadOnlyList<FlagSpec> flags, ParsedArgs into, bool stopAtPositional)
    {
        var i = start;
        var flagsEnded = false;
        while (i < args.Count)
        {
            var arg = args[i];
            if (flagsEnded || arg == "-" || !arg.StartsWith('-'))
            {
                if (stopAtPositional)
                {
                    return i;
                }

                into.Positionals.Add(arg);
                i++;
                continue;
            }

            if (arg == "--")
            {
                flagsEnded = true;
                i++;
                continue;
            }

            i = ParseFlag(args, i, flags, into);
        }

        return i;
    }

    private static int ParseFlag(IReadOnlyList<string> args, int i, IReadOnlyList<FlagSpec> flags, ParsedArgs into)
    {
        var arg = args[i];
        string name;
        string? inlineValue = null;
        FlagSpec? spec;
        if (arg.StartsWith("--", StringComparison.Ordinal))
        {
            name = arg[2..];
            var eq = name.IndexOf('=');
            if (eq >= 0)
            {
                inlineValue = name[(eq + 1)..];
                name = name[..eq];
            }

            spec = flags.FirstOrDefault(f => f.Long == name);
        }
        else
        {
            if (arg.Length != 2)
            {
                throw new UsageException($"unknown flag {arg} (short flags take one letter; use --name for long ones)");
            }

            name = arg[1..];
            spec = flags.FirstOrDefault(f => f.Short == arg[1]);
        }

        if (spec is null)
        {
            throw new UsageException($"unknown flag {arg}");
        }

        if (!spec.TakesValue)
        {
            if (inlineValue is not null)
            {
                throw new UsageException($"flag --{spec.Long} takes no value (got \"{inlineValue}\")");
            }

            into.Set(spec.Long, null);
            return i + 1;
        }

        if (inlineValue is not null)
        {
            into.Set(spec.Long, inlineValue);
            return i + 1;
        }

        if (i + 1 >= args.Count)
        {
            throw new UsageException($"flag --{spec.Long} needs a value ({spec.ValueName})");
        }

        into.Set(spec.Long, args[i + 1]);
        return i + 2;
    }
}
