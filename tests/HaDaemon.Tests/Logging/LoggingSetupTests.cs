using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using HaDaemon.Cli;
using HaDaemon.Config.Model;
using HaDaemon.Logging;
using HaDaemon.Tests.Scripts;
using Serilog.Events;
using Serilog.Parsing;
using Serilog.Extensions.Logging;
using Microsoft.Extensions.Logging;

namespace HaDaemon.Tests.Logging;

/// <summary>The sinks the options enable, in each format: file (-g), journal console, syslog.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class LoggingSetupTests : TempDirTest
{
    private static LogEvent Event(LogEventLevel level, string text) =>
        new(DateTimeOffset.UnixEpoch, level, null, new MessageTemplateParser().Parse(text), []);

    private static CommandLineOptions FileOnly(string file, LogFormat? format) =>
        new() { LogFile = file, NoSyslog = true, LogFormat = format };

    [Fact]
    public void Json_option_writes_one_object_per_line_to_the_log_file_from_the_first_line()
    {
        var file = Tmp.Path("json.log");
        using (var serilog = LoggingSetup.Create(FileOnly(file, LogFormat.Json), _ => null, out var gate))
        {
            Assert.Equal(LogFormat.Json, gate.Current);
            using var loggers = new SerilogLoggerFactory(serilog);
            loggers.CreateLogger("hadaemon").LogInformation("Starting hadaemon v{Version}", "1.0");
            loggers.CreateLogger("Microsoft.Hosting").LogInformation("host chatter is filtered");
        }
        var line = Assert.Single(File.ReadAllLines(file));
        using var json = JsonDocument.Parse(line);
        Assert.Equal("Starting hadaemon v1.0", json.RootElement.GetProperty("message").GetString());
        Assert.Equal("hadaemon", json.RootElement.GetProperty("logger").GetString());
        Assert.Equal("1.0", json.RootElement.GetProperty("version").GetString());
    }

    [Fact]
    public void The_keyword_turns_held_text_into_json_and_a_reload_back_into_text_in_the_same_file()
    {
        var file = Tmp.Path("switch.log");
        using (var serilog = LoggingSetup.Create(FileOnly(file, null), _ => null, out var gate))
        {
            serilog.Information("before the configuration");
            Assert.False(File.Exists(file) && File.ReadAllText(file).Length > 0);
            gate.ApplyConfigured(LogFormat.Json);
            serilog.Information("json");
            gate.ApplyConfigured(null);
            serilog.Information("text again");
        }
        var lines = File.ReadAllLines(file);
        Assert.Equal(3, lines.Length);
        Assert.Equal("before the configuration", JsonDocument.Parse(lines[0]).RootElement.GetProperty("message").GetString());
        Assert.Equal("json", JsonDocument.Parse(lines[1]).RootElement.GetProperty("message").GetString());
        Assert.EndsWith(" INF text again", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public void Text_stays_keepalived_like_in_the_log_file()
    {
        var file = Tmp.Path("text.log");
        using (var serilog = LoggingSetup.Create(FileOnly(file, LogFormat.Text), _ => null, out _))
        {
            serilog.Warning("({Instance}) something", "VI_1");
        }
        Assert.Matches(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} WRN \(VI_1\) something$", Assert.Single(File.ReadAllLines(file)));
    }

    [Fact]
    public void Under_the_journal_the_json_object_follows_the_severity_prefix()
    {
        using var writer = new StringWriter();
        new JournalFormatter(LogLine.Body(LogFormat.Json)).Format(Event(LogEventLevel.Warning, "a\nb"), writer);
        var text = writer.ToString();
        Assert.StartsWith("<4>{", text, StringComparison.Ordinal);
        Assert.EndsWith("}\n", text, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(text[3..]);
        Assert.Equal("a b", json.RootElement.GetProperty("message").GetString());
        Assert.Equal("warning", json.RootElement.GetProperty("level").GetString());
    }

    [Fact]
    public void Syslog_datagrams_carry_the_json_object_as_their_message()
    {
        var path = Tmp.Path("log.sock");
        using var server = new Socket(System.Net.Sockets.AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        server.Bind(new UnixDomainSocketEndPoint(path));
        using (var sink = new SyslogSink(SyslogFacility.Daemon, path: path, body: LogLine.Body(LogFormat.Json)))
        {
            sink.Emit(Event(LogEventLevel.Error, "disk \"full\""));
        }
        var buffer = new byte[4096];
        var datagram = Encoding.UTF8.GetString(buffer, 0, server.Receive(buffer));
        Assert.StartsWith("<27>", datagram, StringComparison.Ordinal); // daemon (3) * 8 + err (3)
        var marker = $"hadaemon[{Environment.ProcessId}]: ";
        var body = datagram[(datagram.IndexOf(marker, StringComparison.Ordinal) + marker.Length)..];
        using var json = JsonDocument.Parse(body);
        Assert.Equal("disk \"full\"", json.RootElement.GetProperty("message").GetString());
        Assert.Equal("err", json.RootElement.GetProperty("level").GetString());
    }
}
