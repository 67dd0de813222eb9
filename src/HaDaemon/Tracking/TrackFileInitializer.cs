using HaDaemon.Scripts.Native;

namespace HaDaemon.Tracking;

/// <summary>
/// <c>init_file [VALUE] [overwrite]</c>: at start-up (not on reload, not under <c>-t</c>) keepalived writes
/// <c>"VALUE\n"</c> (default 0) to the track file if it does not exist, or always with <c>overwrite</c> — refusing
/// to overwrite something that is not a regular file.
/// </summary>
public static class TrackFileInitializer
{
    /// <summary>Returns null on success (or nothing to do), else the error text keepalived would report.</summary>
    public static string? Apply(TrackFileDefinition file, int value, bool overwrite)
    {
        var type = LibC.FileType(file.Path);
        if (type is not null && !overwrite)
        {
            return null;
        }

        if (type is not null and not LibC.S_IFREG)
        {
            return $"Cannot initialise track file {file.Name} - it is not a regular file";
        }

        try
        {
            File.WriteAllText(file.Path, value.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\n");
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"Unable to initialise track file {file.Name}";
        }
    }
}
