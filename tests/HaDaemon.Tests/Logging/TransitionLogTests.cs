using HaDaemon.Core.Engine;
using HaDaemon.Logging;
using Microsoft.Extensions.Logging;

namespace HaDaemon.Tests.Logging;

public class TransitionLogTests
{
    private sealed class Capture : ILogger
    {
        public List<string> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter) => Lines.Add(formatter(state, exception));
    }

    [Fact]
    public void One_line_names_instance_vrid_states_reason_and_priority_in_keepalived_wording()
    {
        var log = new Capture();
        TransitionLog.Write(log, new StateChanged("VI_1", VrrpState.Backup, VrrpState.Master,
            TransitionReason.MasterDownTimerExpired, 150, 7), 51);
        var line = Assert.Single(log.Lines);
        Assert.Equal("(VI_1) Entering MASTER STATE (vrid 51, from BACKUP, reason MasterDownTimerExpired, priority 150)", line);
    }
}

public class TransitionPeerTests
{
    private static InstanceStatus Status(string? master) => new("VI_1", 51, VrrpState.Backup, VrrpState.Backup, 100, 100,
        master is null ? null : System.Net.IPAddress.Parse(master), 150, default, TransitionReason.HigherPriorityAdvert,
        default, default, null);

    [Theory]
    [InlineData(TransitionReason.HigherPriorityAdvert, "10.0.0.2")]
    [InlineData(TransitionReason.EqualPriorityHigherAddress, "10.0.0.2")]
    [InlineData(TransitionReason.MasterDownTimerExpired, null)]
    [InlineData(TransitionReason.TrackerFault, null)]
    [InlineData(TransitionReason.SyncGroup, null)]
    [InlineData(TransitionReason.Startup, null)]
    public void The_peer_is_the_master_whose_advert_caused_the_transition(TransitionReason reason, string? expected)
    {
        var change = new StateChanged("VI_1", VrrpState.Master, VrrpState.Backup, reason, 100, 1);
        Assert.Equal(expected, TransitionLog.Peer(change, Status("10.0.0.2"))?.ToString());
    }

    [Fact]
    public void An_instance_gone_from_the_engine_logs_vrid_0_and_no_peer()
    {
        using var log = new CapturedLog();
        TransitionLog.Write(log.Logger(), new StateChanged("VI_9", VrrpState.Backup, VrrpState.Deleted, TransitionReason.Reload, 0, 3), status: null);
        var json = log.SingleJson();
        Assert.Equal(0, json.GetProperty("vrid").GetInt32());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, json.GetProperty("peer").ValueKind);
        Assert.Equal("DELETED", json.GetProperty("to").GetString());
    }
}
