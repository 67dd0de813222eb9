using HaDaemon.Scripts.Native;

namespace HaDaemon.Scripts;

public enum ScriptSecurityVerdict
{
    Secure,

    /// <summary>Some component of the path is not root-owned or is writable by non-root (keepalived SC_INSECURE).</summary>
    Unsafe,

    /// <summary>A component is missing (SC_NOTFOUND): keepalived disables the script.</summary>
    NotFound,

    /// <summary>A non-final component is not a directory or the script is not a file/symlink (SC_INHIBIT).</summary>
    WrongFileType,
}

/// <summary>
/// keepalived's check_security() for scripts that run as root: walking from "/" to the script, every component must
/// exist, be owned by root, and not be writable by a non-root group or by everyone — directories with the sticky
/// bit (like /tmp) excepted. With <c>enable_script_security</c> an unsafe script is disabled; without it keepalived
/// only logs. The host runs this at load for scripts whose user or group is root (uid 0 or gid 0).
/// </summary>
public static class ScriptSecurity
{
    private const int S_ISVTX = 0x200;
    private const int S_IWGRP = 0x10;
    private const int S_IWOTH = 0x2;

    public static (ScriptSecurityVerdict Verdict, string? Message) CheckPath(string path, bool scriptSecurityEnabled)
    {
        var full = System.IO.Path.GetFullPath(path);
        var verdict = CheckComponents(full);
        if (verdict == ScriptSecurityVerdict.Secure)
        {
            // The symlink target is what actually runs, so it must be safe too.
            var target = ResolveFinalTarget(full);
            if (target is not null && target != full)
            {
                verdict = CheckComponents(target);
            }
        }

        return verdict switch
        {
            ScriptSecurityVerdict.Secure => (verdict, null),
            ScriptSecurityVerdict.NotFound => (verdict, $"check_script_secure could not find script '{path}' - disabling"),
            ScriptSecurityVerdict.WrongFileType => (verdict, $"Wrong file type found in script path '{path}'."),
            _ => (verdict, $"Unsafe permissions found for script '{path}'{(scriptSecurityEnabled ? " - disabling" : string.Empty)}."),
        };
    }

    private static ScriptSecurityVerdict CheckComponents(string full, bool finalIsDirectory = false)
    {
        var parts = full.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var prefix = "/";
        for (var i = -1; i < parts.Length; i++)
        {
            if (i >= 0)
            {
                prefix = prefix.TrimEnd('/') + "/" + parts[i];
            }

            var last = i == parts.Length - 1;
            if (LibC.LinkStatus(prefix) is not { } st)
            {
                return ScriptSecurityVerdict.NotFound;
            }

            var type = st.Mode & LibC.S_IFMT;
            var wantDirectory = !last || finalIsDirectory;
            if ((wantDirectory && type != LibC.S_IFDIR) || (!wantDirectory && type != LibC.S_IFREG && type != LibC.S_IFLNK))
            {
                // A symlinked directory in the middle (e.g. /bin -> usr/bin) is checked through its target.
                if (wantDirectory && type == LibC.S_IFLNK && LibC.FileType(prefix) == LibC.S_IFDIR)
                {
                    var resolved = ResolveFinalTarget(prefix);
                    if (resolved is null || CheckComponents(resolved, finalIsDirectory: true) != ScriptSecurityVerdict.Secure)
                    {
                        return ScriptSecurityVerdict.Unsafe;
                    }

                    continue;
                }

                return ScriptSecurityVerdict.WrongFileType;
            }

            var stickyDir = type == LibC.S_IFDIR && (st.Mode & S_ISVTX) != 0;
            var checkWrite = (type == LibC.S_IFDIR && !stickyDir) || type == LibC.S_IFREG;
            if (st.Uid != 0 || (checkWrite && ((st.Gid != 0 && (st.Mode & S_IWGRP) != 0) || (st.Mode & S_IWOTH) != 0)))
            {
                return ScriptSecurityVerdict.Unsafe;
            }
        }

        return ScriptSecurityVerdict.Secure;
    }

    private static string? ResolveFinalTarget(string path)
    {
        try
        {
            var target = File.ResolveLinkTarget(path, returnFinalTarget: true) ?? Directory.ResolveLinkTarget(path, returnFinalTarget: true);
            return target?.FullName;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
