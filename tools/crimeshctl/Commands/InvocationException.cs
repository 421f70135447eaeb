namespace CriMesh.Ctl.Commands;

/// <summary>A usage error, with the verb it concerns (if known) so the right usage text follows it.</summary>
internal sealed class InvocationException(Verb? verb, string message) : Exception(message)
{
    public Verb? Verb { get; } = verb;
}
