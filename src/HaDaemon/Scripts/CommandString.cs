using System.Text;

namespace HaDaemon.Scripts;

/// <summary>
/// keepalived's cmd_str(): the argv joined with spaces, each argument wrapped in single quotes (an embedded quote
/// becomes <c>'\''</c>), except a first argument starting with '&lt;' or '&gt;', which is a shell redirection
/// ("&lt;/path" tests that a file is readable) and is left bare. It is what keepalived passes to /bin/sh -c and
/// prints in its dumps.
/// </summary>
public static class CommandString
{
    public static string Format(IReadOnlyList<string> argv)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < argv.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(' ');
            }

            var arg = argv[i];
            if (i == 0 && arg.Length > 0 && (arg[0] == '<' || arg[0] == '>'))
            {
                sb.Append(arg);
                continue;
            }

            sb.Append('\'').Append(arg.Replace("'", "'\\''", StringComparison.Ordinal)).Append('\'');
        }

        return sb.ToString();
    }
}
