using System.Net;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using HaDaemon.Core.Engine;
using HaDaemon.Logging;
using Microsoft.Extensions.Logging;
using Serilog.Events;
using Serilog.Parsing;

namespace HaDaemon.Tests.Logging;

public class JsonLogFormatterTests
{
    private static readonly StateChanged ToBackup = new("VI_1", VrrpState.Master, VrrpState.Backup,
        TransitionReason.HigherPriorityAdvert, 100, 42);

    private static LogEvent Event(string template, params LogEventProperty[] properties) =>
        new(new DateTimeOffset(2026, 11, 21, 10, 2, 3, 456, TimeSpan.FromHours(2)), LogEventLevel.Information, null,
            new MessageTemplateParser().Parse(template), properties);

    [Fact]
    public void A_transition_carries_exactly_the_transition_fields_with_their_values()
    {
        using var log = new CapturedLog();
        TransitionLog.Write(log.Logger("HaDaemon.Runtime.VrrpRuntime"), ToBackup, 51, IPAddress.Parse("10.1.0.2"));
        var json = log.SingleJson();

        Assert.Equal(["time", "level", "message", "logger", "instance", "to", "vrid", "from", "reason", "priority", "peer", "transition_id"],
            CapturedLog.FieldNames(json));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", json.GetProperty("time").GetString());
        Assert.Equal("info", json.GetProperty("level").GetString());
        Assert.Equal("(VI_1) Entering BACKUP STATE (vrid 51, from MASTER, reason HigherPriorityAdvert, priority 100)",
            json.GetProperty("message").GetString());
        Assert.Equal("HaDaemon.Runtime.VrrpRuntime", json.GetProperty("logger").GetString());
        Assert.Equal("VI_1", json.GetProperty("instance").GetString());
        Assert.Equal(51, json.GetProperty("vrid").GetInt32());
        Assert.Equal("MASTER", json.GetProperty("from").GetString());
        Assert.Equal("BACKUP", json.GetProperty("to").GetString());
        Assert.Equal("HigherPriorityAdvert", json.GetProperty("reason").GetString());
        Assert.Equal(100, json.GetProperty("priority").GetInt32());
        Assert.Equal("10.1.0.2", json.GetProperty("peer").GetString());
        Assert.Equal(42, json.GetProperty("transition_id").GetInt64());
    }

    [Fact]
    public void A_transition_without_a_known_peer_has_peer_null()
    {
        using var log = new CapturedLog();
        TransitionLog.Write(log.Logger(), ToBackup with { To = VrrpState.Master, From = VrrpState.Backup, Reason = TransitionReason.MasterDownTimerExpired }, 51);
        var json = log.SingleJson();
        Assert.Equal(JsonValueKind.Null, json.GetProperty("peer").ValueKind);
        Assert.Equal("MASTER", json.GetProperty("to").GetString());
    }

    [Fact]
    public void The_time_is_utc_with_milliseconds()
    {
        var json = CapturedLog.Json(Event("x"));
        Assert.Equal("2026-11-21T08:02:03.456Z", json.GetProperty("time").GetString());
        Assert.Equal(["time", "level", "message"], CapturedLog.FieldNames(json));
    }

    [Theory]
    [InlineData(LogEventLevel.Fatal, "crit")]
    [InlineData(LogEventLevel.Error, "err")]
    [InlineData(LogEventLevel.Warning, "warning")]
    [InlineData(LogEventLevel.Information, "info")]
    [InlineData(LogEventLevel.Debug, "debug")]
    [InlineData(LogEventLevel.Verbose, "debug")]
    public void Levels_use_syslog_names(LogEventLevel level, string name)
    {
        var e = new LogEvent(DateTimeOffset.UnixEpoch, level, null, new MessageTemplateParser().Parse("x"), []);
        Assert.Equal(name, CapturedLog.Json(e).GetProperty("level").GetString());
    }

    public static TheoryData<string> HostileStrings() => new()
    {
        "quote \" backslash \\ slash /",
        "new\nline\r\nreturn\ttab\bback\fform",
        "nul \0 unit \u001f del \u007f",
        "accents é ü, euro €, CJK 中文, emoji 😀",
        "separators \u2028 \u2029 and BOM \ufeff",
        "{\"json\": [1, 2]} </script>",
    };

    [Theory]
    [MemberData(nameof(HostileStrings))]
    public void Hostile_strings_survive_as_property_and_message_on_one_ascii_line(string hostile)
    {
        using var log = new CapturedLog();
        log.Logger().LogWarning("value {Value}", hostile);
        var e = Assert.Single(log.Events);
        var line = CapturedLog.Line(e);
        Assert.Matches("^[\\x20-\\x7e]*\n$", line);
        var json = CapturedLog.Json(e);
        Assert.Equal(hostile, json.GetProperty("value").GetString());
        Assert.Equal(("value " + hostile).ReplaceLineEndings(" "), json.GetProperty("message").GetString());
    }

    [Fact]
    public void Lone_surrogates_become_the_replacement_character_instead_of_breaking_the_line()
    {
        using var log = new CapturedLog();
        log.Logger().LogInformation("{A} {B} {C}", "high \ud800 alone", "low \udc00 alone", "swapped \udc00\ud800 pair");
        var json = log.SingleJson();
        Assert.Equal("high \ufffd alone", json.GetProperty("a").GetString());
        Assert.Equal("low \ufffd alone", json.GetProperty("b").GetString());
        Assert.Equal("swapped \ufffd\ufffd pair", json.GetProperty("c").GetString());
    }

    [Fact]
    public void Any_string_gives_one_parseable_line_that_keeps_it_bar_lone_surrogates()
    {
        // Any UTF-16 unit, with the awkward ones (surrogates, controls, quotes) drawn often.
        var unit = Gen.OneOf(
            Gen.Choose(0, 0xFFFF).Select(i => (char)i),
            Gen.Elements('\ud800', '\udbff', '\udc00', '\udfff', '"', '\\', '\n', '\0', '\u007f', '\u2028'));
        var property = Prop.ForAll(unit.ArrayOf().ToArbitrary(), chars =>
        {
            var text = new string(chars);
            var json = CapturedLog.Json(Event("{S}", new LogEventProperty("S", new ScalarValue(text))));
            return json.GetProperty("s").GetString() == WithoutLoneSurrogates(text);
        });
        Check.One(FsCheck.Config.QuickThrowOnFailure.WithMaxTest(300), property);
    }

    private static string WithoutLoneSurrogates(string text)
    {
        var chars = text.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (char.IsHighSurrogate(chars[i]) && i + 1 < chars.Length && char.IsLowSurrogate(chars[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(chars[i]))
            {
                chars[i] = '\ufffd';
            }
        }
        return new string(chars);
    }

    [Fact]
    public void Exceptions_give_type_and_message_and_multi_line_messages_stay_on_one_line()
    {
        using var log = new CapturedLog();
        log.Logger().LogError(new InvalidOperationException("bad\nthing \"quoted\""), "failed:\n{Detail}", "two\nlines");
        var json = log.SingleJson();
        Assert.Equal("failed: two lines", json.GetProperty("message").GetString());
        Assert.Equal("err", json.GetProperty("level").GetString());
        var ex = json.GetProperty("exception");
        Assert.Equal("System.InvalidOperationException", ex.GetProperty("type").GetString());
        Assert.Equal("bad\nthing \"quoted\"", ex.GetProperty("message").GetString());
        Assert.Equal("two\nlines", json.GetProperty("detail").GetString());
    }

    [Fact]
    public void Property_names_become_snake_case_and_names_of_our_fields_step_aside()
    {
        using var log = new CapturedLog();
#pragma warning disable CA1727 // lower-case placeholders on purpose: they collide with our own field names
        log.Logger("Config").LogInformation("{Message} {TransitionId} {IPAddress} {level} {_level}", "m", 7, "10.0.0.1", "l", "u");
#pragma warning restore CA1727
        var json = log.SingleJson();
        Assert.Equal(["time", "level", "message", "logger", "_message", "transition_id", "ip_address", "_level", "__level"],
            CapturedLog.FieldNames(json));
        Assert.Equal("m 7 10.0.0.1 l u", json.GetProperty("message").GetString());
        Assert.Equal("Config", json.GetProperty("logger").GetString());
        Assert.Equal("m", json.GetProperty("_message").GetString());
        Assert.Equal("l", json.GetProperty("_level").GetString());
        Assert.Equal("u", json.GetProperty("__level").GetString());
    }

    [Fact]
    public void Values_keep_their_json_types()
    {
        var e = Event("x",
            new LogEventProperty("Int", new ScalarValue(-5)),
            new LogEventProperty("Big", new ScalarValue(ulong.MaxValue)),
            new LogEventProperty("Double", new ScalarValue(0.25)),
            new LogEventProperty("NaN", new ScalarValue(double.NaN)),
            new LogEventProperty("Flag", new ScalarValue(true)),
            new LogEventProperty("Nothing", new ScalarValue(null)),
            new LogEventProperty("State", new ScalarValue(VrrpState.Master)),
            new LogEventProperty("At", new ScalarValue(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero))),
            new LogEventProperty("Span", new ScalarValue(TimeSpan.FromSeconds(1.5))),
            new LogEventProperty("List", new SequenceValue([new ScalarValue(1), new ScalarValue("two")])),
            new LogEventProperty("Shape", new StructureValue([new LogEventProperty("SideLength", new ScalarValue(3))], "Square")),
            new LogEventProperty("Map", new DictionaryValue([new(new ScalarValue("k\"ey"), new ScalarValue(1.5m))])));
        var json = CapturedLog.Json(e);
        Assert.Equal(-5, json.GetProperty("int").GetInt32());
        Assert.Equal(ulong.MaxValue, json.GetProperty("big").GetUInt64());
        Assert.Equal(0.25, json.GetProperty("double").GetDouble());
        Assert.Equal("NaN", json.GetProperty("na_n").GetString());
        Assert.True(json.GetProperty("flag").GetBoolean());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("nothing").ValueKind);
        Assert.Equal("Master", json.GetProperty("state").GetString());
        Assert.Equal("2026-01-02T03:04:05.0000000+00:00", json.GetProperty("at").GetString());
        Assert.Equal("00:00:01.5000000", json.GetProperty("span").GetString());
        Assert.Equal("[1,\"two\"]", json.GetProperty("list").GetRawText());
        Assert.Equal("{\"side_length\":3}", json.GetProperty("shape").GetRawText());
        Assert.Equal(1.5m, json.GetProperty("map").GetProperty("k\"ey").GetDecimal());
    }

    [Fact]
    public void Event_ids_from_microsoft_logging_become_an_object()
    {
        using var log = new CapturedLog();
        log.Logger().LogInformation(new EventId(3, "Reload"), "reloaded");
        var id = log.SingleJson().GetProperty("event_id");
        Assert.Equal(3, id.GetProperty("id").GetInt32());
        Assert.Equal("Reload", id.GetProperty("name").GetString());
    }

    [Fact]
    public void String_properties_are_not_quoted_in_the_message()
    {
        // Serilog's plain rendering would write ("VI_1"); keepalived's wording has no quotes.
        using var log = new CapturedLog();
        log.Logger().LogInformation("({Instance}) x {List}", "VI_1", new[] { "a" });
        Assert.Equal("(VI_1) x [\"a\"]", log.SingleJson().GetProperty("message").GetString());
        Assert.Equal("(VI_1) x [\"a\"]", LogText.OneLine(Assert.Single(log.Events)));
    }

    [Fact]
    public void Quote_escapes_for_json()
    {
        Assert.Equal("\"a\\\"b\\\\c\\u00e9\\ud83d\\ude00\\u0001\"", JsonText.Quote("a\"b\\cé😀\u0001"));
        Assert.Equal("\"\\u4e2d\\u6587\"", JsonText.Quote("中文"));
    }
}
