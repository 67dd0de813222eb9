namespace HaDaemon.Tracking;

/// <summary>A <c>track_file</c> block as the monitor needs it (weight/reverse are the engine's business).</summary>
public sealed record TrackFileDefinition(string Name, string Path);

/// <summary>The integer a track file now holds (0 when the file is missing, empty or unreadable).</summary>
public sealed record TrackFileValue(string Name, long Value);

/// <summary>
/// Reads a track file's content the way keepalived's process_track_file() does: at most 127 bytes, parsed by
/// strtol(buf, NULL, 0) — leading blanks, optional sign, 0x hex / 0 octal / decimal, digits up to the first
/// non-digit, no digits = 0. A missing/empty file is 0. Overflow, or a value outside [INT32_MIN, INT32_MAX + 1],
/// is "Invalid number … - ignoring": the previous value stays (null here).
/// </summary>
public static class TrackFileParser
{
    public const int MaxBytes = 127;

    public static long? ReadFile(string path)
    {
        byte[] content;
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var buffer = new byte[MaxBytes];
            var n = RandomAccess.Read(handle, buffer, 0);
            content = buffer[..n];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }

        return Parse(content);
    }

    public static long? Parse(ReadOnlySpan<byte> text)
    {
        var i = 0;
        while (i < text.Length && text[i] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\v' or (byte)'\f' or (byte)'\r')
        {
            i++;
        }

        var negative = false;
        if (i < text.Length && text[i] is (byte)'+' or (byte)'-')
        {
            negative = text[i] == '-';
            i++;
        }

        var radix = 10;
        if (i + 1 < text.Length && text[i] == '0' && (text[i + 1] | 0x20) == 'x' && i + 2 < text.Length && DigitValue(text[i + 2]) < 16)
        {
            radix = 16;
            i += 2;
        }
        else if (i < text.Length && text[i] == '0')
        {
            radix = 8;
        }

        // Accumulate as a negative number so that LONG_MIN itself fits, as strtol does.
        long value = 0;
        var overflow = false;
        for (; i < text.Length; i++)
        {
            var d = DigitValue(text[i]);
            if (d >= radix)
            {
                break;
            }

            if (value < (long.MinValue + d) / radix)
            {
                overflow = true;
            }
            else
            {
                value = (value * radix) - d;
            }
        }

        if (overflow || (!negative && value == long.MinValue))
        {
            return null; // ERANGE
        }

        var result = negative ? value : -value;
        return result < int.MinValue || result > (long)int.MaxValue + 1 ? null : result;
    }

    private static int DigitValue(byte c) => c switch
    {
        >= (byte)'0' and <= (byte)'9' => c - '0',
        >= (byte)'a' and <= (byte)'z' => c - 'a' + 10,
        >= (byte)'A' and <= (byte)'Z' => c - 'A' + 10,
        _ => 99,
    };
}
