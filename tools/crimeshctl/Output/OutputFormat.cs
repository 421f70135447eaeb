namespace CriMesh.Ctl.Output;

/// <summary>How results are printed: aligned columns for people, protobuf JSON for scripts.</summary>
internal enum OutputFormat
{
    Table,
    Json,
}
