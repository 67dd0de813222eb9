using HaDaemon.Config.Syntax;

namespace HaDaemon.Config.Tests.Syntax;

/// <summary>Files held in memory (all in one flat set of absolute paths), plus one optional generated file.</summary>
internal sealed class MemoryFileSystem(IReadOnlyDictionary<string, byte[]> files) : IConfigFileSystem
{
    public (string Path, Func<Stream> Open)? Generated { get; init; }

    public ConfigFileKind GetKind(string path) =>
        files.ContainsKey(path) || Generated?.Path == path ? ConfigFileKind.RegularFile
        : files.Keys.Any(f => f.StartsWith(path.TrimEnd('/') + "/", StringComparison.Ordinal)) ? ConfigFileKind.Directory
        : ConfigFileKind.Missing;

    public bool Exists(string path) => GetKind(path) != ConfigFileKind.Missing;

    public IReadOnlyList<string>? ListDirectory(string path)
    {
        var prefix = path.TrimEnd('/') + "/";
        var names = files.Keys.Append(Generated?.Path ?? string.Empty).Where(f => f.StartsWith(prefix, StringComparison.Ordinal))
            .Select(f => f[prefix.Length..].Split('/')[0]).Distinct().ToList();
        return GetKind(path) == ConfigFileKind.Directory ? names : null;
    }

    public Stream OpenRead(string path) =>
        Generated is { } g && g.Path == path ? g.Open()
        : files.TryGetValue(path, out var bytes) ? new MemoryStream(bytes, writable: false)
        : throw new FileNotFoundException(path);
}

/// <summary>A prefix, then <c>size</c> bytes of 'a' produced on the fly, then a suffix: a huge file without the memory.</summary>
internal sealed class HugeLineStream(string prefix, long size, string suffix) : Stream
{
    private readonly byte[] head = System.Text.Encoding.ASCII.GetBytes(prefix);
    private readonly byte[] tail = System.Text.Encoding.ASCII.GetBytes(suffix);
    private long position;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => head.Length + size + tail.Length;
    public override long Position { get => position; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count)
    {
        var written = 0;
        while (written < count && position < Length)
        {
            if (position >= head.Length && position < head.Length + size)
            {
                // The middle is filled a block at a time: this stream must not be the slow part of the test.
                var run = (int)Math.Min(count - written, head.Length + size - position);
                buffer.AsSpan(offset + written, run).Fill((byte)'a');
                written += run;
                position += run;
                continue;
            }
            buffer[offset + written] = position < head.Length ? head[position] : tail[position - head.Length - size];
            written++;
            position++;
        }
        return written;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
