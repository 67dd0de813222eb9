using System.Globalization;
using System.Runtime.InteropServices;

namespace HaDaemon.Scripts.Native;

/// <summary>Resolves user/group names to ids through NSS (getpwnam_r/getgrnam_r), like keepalived does.</summary>
internal static unsafe partial class UserAccounts
{
    [StructLayout(LayoutKind.Sequential)]
    private struct Passwd
    {
        public nint Name;
        public nint Password;
        public uint Uid;
        public uint Gid;
        public nint Gecos;
        public nint Dir;
        public nint Shell;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Group
    {
        public nint Name;
        public nint Password;
        public uint Gid;
        public nint Members;
    }

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int getpwnam_r(string name, Passwd* pwd, byte* buf, nuint buflen, Passwd** result);

    [LibraryImport("libc")]
    private static partial int getpwuid_r(uint uid, Passwd* pwd, byte* buf, nuint buflen, Passwd** result);

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int getgrnam_r(string name, Group* grp, byte* buf, nuint buflen, Group** result);

    /// <summary>uid and primary gid of a user given by name or number; null when unknown.</summary>
    public static (uint Uid, uint Gid)? LookupUser(string user)
    {
        const int BufLen = 16384;
        var buf = stackalloc byte[BufLen];
        Passwd pwd;
        Passwd* result = null;
        var rc = uint.TryParse(user, NumberStyles.None, CultureInfo.InvariantCulture, out var uid)
            ? getpwuid_r(uid, &pwd, buf, BufLen, &result)
            : getpwnam_r(user, &pwd, buf, BufLen, &result);
        return rc == 0 && result != null ? (pwd.Uid, pwd.Gid) : null;
    }

    /// <summary>gid of a group given by name or number; null when unknown.</summary>
    public static uint? LookupGroup(string group)
    {
        if (uint.TryParse(group, NumberStyles.None, CultureInfo.InvariantCulture, out var gid))
        {
            return gid;
        }

        const int BufLen = 16384;
        var buf = stackalloc byte[BufLen];
        Group grp;
        Group* result = null;
        var rc = getgrnam_r(group, &grp, buf, BufLen, &result);
        return rc == 0 && result != null ? grp.Gid : null;
    }
}
