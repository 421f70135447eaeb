namespace CriMesh.Common.Config;

/// <summary>The configuration is unusable; the message names the file, the key and the reason.</summary>
public sealed class ConfigException(string message, Exception? inner = null) : Exception(message, inner);
