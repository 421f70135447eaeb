// storaged drives overlayfs and Linux syscalls; it runs on Linux only.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
