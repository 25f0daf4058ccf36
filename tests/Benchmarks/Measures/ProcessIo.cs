namespace Switchboard.Benchmarks.Measures;

/// <summary>
/// Bytes this process has handed to write(2) so far (Linux /proc/self/io "wchar"): SQLite's WAL and
/// database writes, which is what an append costs on disk. Null where the kernel does not report it.
/// </summary>
public static class ProcessIo
{
    private const string Path = "/proc/self/io";

    public static bool Available => File.Exists(Path);

    public static long? BytesWritten()
    {
        if (!Available)
        {
            return null;
        }
        foreach (var line in File.ReadLines(Path))
        {
            if (line.StartsWith("wchar:", StringComparison.Ordinal))
            {
                return long.Parse(line.AsSpan(6).Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }
        }
        return null;
    }
}
