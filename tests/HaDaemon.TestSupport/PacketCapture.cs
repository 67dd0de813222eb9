using System.Diagnostics;

namespace HaDaemon.TestSupport;

/// <summary>
/// tcpdump running inside a namespace, writing a pcap file (packet-buffered) that tshark then reads. Stop/Dispose
/// interrupts exactly the process it started (by pid) and deletes the file.
/// </summary>
public sealed class PacketCapture : IDisposable
{
    private readonly Process process;
    private bool stopped;

    private PacketCapture(Process process, string file)
    {
        this.process = process;
        File = file;
    }

    public string File { get; }

    public static PacketCapture Start(NetworkNamespace ns, string interfaceName, string filter)
    {
        var file = Path.Combine(Path.GetTempPath(), $"hadaemon-{ns.Name}-{Guid.NewGuid():N}.pcap");
        var info = new ProcessStartInfo("ip") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        // "ip netns exec" execs tcpdump in place, so the pid we hold is tcpdump's own.
        foreach (var a in new[] { "netns", "exec", ns.Name, "tcpdump", "--immediate-mode", "-i", interfaceName, "-U", "-n", "-w", file, filter })
        {
            info.ArgumentList.Add(a);
        }
        var process = Process.Start(info) ?? throw new InvalidOperationException("cannot start tcpdump");
        var capture = new PacketCapture(process, file);
        // tcpdump says "listening on …" once the capture is armed; packets sent before that would be missed.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            var line = process.StandardError.ReadLine();
            if (line is null)
            {
                capture.Dispose();
                throw new InvalidOperationException("tcpdump exited before listening (is it installed?)");
            }
            if (line.Contains("listening on", StringComparison.Ordinal))
            {
                _ = process.StandardError.ReadToEndAsync();
                return capture;
            }
        }
        capture.Dispose();
        throw new TimeoutException("tcpdump did not start listening");
    }

    /// <summary>Stops tcpdump (SIGINT, so it flushes) and waits for it.</summary>
    public void Stop()
    {
        if (stopped)
        {
            return;
        }
        stopped = true;
        if (!process.HasExited)
        {
            // tcpdump exits on SIGINT without draining frames still in its ring buffer: give it a moment to write them.
            Thread.Sleep(250);
            ProcessRunner.Run("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            if (!process.WaitForExit(5000))
            {
                process.Kill();
                process.WaitForExit();
            }
        }
    }

    /// <summary>Decodes the capture with tshark: one line per packet, the given fields separated by '|'.</summary>
    public IReadOnlyList<string[]> Fields(string displayFilter, params string[] fields) => Fields(displayFilter, [], fields);

    /// <summary>As <see cref="Fields(string, string[])"/> with tshark preferences (<c>-o name:value</c>).</summary>
    public IReadOnlyList<string[]> Fields(string displayFilter, IEnumerable<string> preferences, params string[] fields)
    {
        Stop();
        var arguments = new List<string> { "-r", File, "-T", "fields", "-E", "separator=|", "-Y", displayFilter };
        foreach (var preference in preferences)
        {
            arguments.Add("-o");
            arguments.Add(preference);
        }
        foreach (var f in fields)
        {
            arguments.Add("-e");
            arguments.Add(f);
        }
        // tshark loads every dissector before reading a few packets: seconds when the machine is starved, and a
        // run where the whole suite shared 2 cores once exceeded the default 30 s.
        var result = ProcessRunner.Run("tshark", arguments, TimeSpan.FromSeconds(120));
        if (!result.Ok)
        {
            throw new InvalidOperationException("tshark failed: " + result.Error);
        }
        return result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('|')).ToList();
    }

    public void Dispose()
    {
        Stop();
        process.Dispose();
        System.IO.File.Delete(File);
    }
}
