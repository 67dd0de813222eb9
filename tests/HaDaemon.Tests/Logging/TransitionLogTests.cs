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
