using System.Text;

namespace HaDaemon.Config.Syntax;

/// <summary>
/// Reads physical lines the way keepalived's <c>fgets(buf, 1024)</c> loop sees them, but in bounded memory: a line
/// of 1023 or more bytes (before the '\n') is "too long" and is skipped to its end without being kept, however
/// long it is; a line with an embedded NUL is dropped (except the last line of a file without '\n', which
/// keepalived reads up to the NUL). Trailing CR/LF are stripped; bytes are decoded as UTF-8.
/// </summary>
internal sealed class PhysicalLineReader : IDisposable
{
    /// <summary>keepalived's MAXBUF is 1024: fgets keeps 1023 bytes, one of which must be the '\n'.</summary>
    public const int MaxLineLength = 1022;

    private readonly Stream stream;
    private readonly byte[] chunk = new byte[64 * 1024];
    private readonly byte[] line = new byte[MaxLineLength + 1];
    private int chunkPos;
    private int chunkLen;
    private bool endOfStream;

    public PhysicalLineReader(Stream stream)
    {
        this.stream = stream;
    }

    public enum Outcome
    {
        Line,
        TooLong,
        EmbeddedNul,
        EndOfFile,
    }

    /// <summary>1-based number of the line last returned.</summary>
    public int LineNumber { get; private set; }

    public Outcome Next(out string text)
    {
        text = string.Empty;
        var length = 0;
        var tooLong = false;
        var nulAt = -1;
        var sawAny = false;
        var sawNewline = false;

        while (!sawNewline)
        {
            if (chunkPos == chunkLen && !Fill())
            {
                break;
            }
            sawAny = true;
            var span = chunk.AsSpan(chunkPos, chunkLen - chunkPos);
            var nl = span.IndexOf((byte)'\n');
            var take = nl < 0 ? span.Length : nl;
            chunkPos += nl < 0 ? take : take + 1;
            sawNewline = nl >= 0;
            if (tooLong)
            {
                continue;
            }
            var piece = span[..take];
            if (length + piece.Length > MaxLineLength)
            {
                tooLong = true;
                continue;
            }
            if (nulAt < 0)
            {
                var z = piece.IndexOf((byte)0);
                if (z >= 0)
                {
                    nulAt = length + z;
                }
            }
            piece.CopyTo(line.AsSpan(length));
            length += piece.Length;
        }

        if (!sawAny)
        {
            return Outcome.EndOfFile;
        }
        LineNumber++;
        if (tooLong)
        {
            return Outcome.TooLong;
        }
        if (nulAt >= 0)
        {
            if (sawNewline)
            {
                return Outcome.EmbeddedNul;
            }
            length = nulAt;
        }
        while (length > 0 && line[length - 1] is (byte)'\r' or (byte)'\n')
        {
            length--;
        }
        text = Encoding.UTF8.GetString(line, 0, length);
        return Outcome.Line;
    }

    private bool Fill()
    {
        if (endOfStream)
        {
            return false;
        }
        chunkLen = stream.Read(chunk, 0, chunk.Length);
        chunkPos = 0;
        if (chunkLen == 0)
        {
            endOfStream = true;
            return false;
        }
        return true;
    }

    public void Dispose() => stream.Dispose();
}
