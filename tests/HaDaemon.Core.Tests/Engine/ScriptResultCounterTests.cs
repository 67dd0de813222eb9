using HaDaemon.Core.Engine.Tracking;

namespace HaDaemon.Core.Tests.Engine;

/// <summary>keepalived's rise/fall counter (keepalived.md §2.3), path by path.</summary>
public class ScriptResultCounterTests
{
    private static ScriptResultCounter Feed(int rise, int fall, bool initFail, string results)
    {
        var c = new ScriptResultCounter(rise, fall, initFail);
        foreach (var r in results) c.Report(r == 'S');
        return c;
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 2)]
    [InlineData(5, 5)]
    public void Starts_at_rise_minus_one_in_init_and_one_success_is_enough(int rise, int fall)
    {
        var c = new ScriptResultCounter(rise, fall, initFail: false);
        Assert.Equal(rise - 1, c.Result);
        Assert.Equal(ScriptStatus.Init, c.Status);
        Assert.True(c.Report(true));
        Assert.Equal(ScriptStatus.Ok, c.Status);
        Assert.Equal(rise + fall - 1, c.Result);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 2)]
    public void A_first_failure_in_init_fails_at_once(int rise, int fall)
    {
        var c = new ScriptResultCounter(rise, fall, initFail: false);
        Assert.True(c.Report(false));
        Assert.Equal(ScriptStatus.Failed, c.Status);
        Assert.Equal(0, c.Result);
    }

    [Fact]
    public void Init_fail_starts_failed_at_zero_and_needs_rise_successes()
    {
        var c = new ScriptResultCounter(3, 2, initFail: true);
        Assert.Equal(0, c.Result);
        Assert.Equal(ScriptStatus.Failed, c.Status);
        Assert.False(c.Report(true));
        Assert.False(c.Report(true));
        Assert.Equal(2, c.Result);
        Assert.True(c.Report(true));
        Assert.Equal(ScriptStatus.Ok, c.Status);
        Assert.Equal(4, c.Result);
    }

    [Theory]
    // rise 3, fall 2: results 0..4, OK ⇔ ≥ 3.
    [InlineData("SF", ScriptStatus.Ok, 3)]        // OK at 4, one failure → 3, still OK
    [InlineData("SFF", ScriptStatus.Failed, 0)]   // fall = 2 consecutive failures
    [InlineData("SFS", ScriptStatus.Ok, 4)]       // a success while OK jumps back to the top
    [InlineData("SFSF", ScriptStatus.Ok, 3)]      // so failures must be consecutive
    [InlineData("FS", ScriptStatus.Failed, 1)]    // from 0 successes count up
    [InlineData("FSS", ScriptStatus.Failed, 2)]
    [InlineData("FSSS", ScriptStatus.Ok, 4)]      // rise = 3 consecutive successes
    [InlineData("FSSFSSS", ScriptStatus.Ok, 4)]   // a failure below rise drops to 0 and restarts the count
    [InlineData("FSSF", ScriptStatus.Failed, 0)]
    [InlineData("FF", ScriptStatus.Failed, 0)]    // stays at the floor
    [InlineData("SSSS", ScriptStatus.Ok, 4)]      // stays at the ceiling
    public void Counts_exactly_like_keepalived(string results, ScriptStatus status, int result)
    {
        var c = Feed(3, 2, false, results);
        Assert.Equal(status, c.Status);
        Assert.Equal(result, c.Result);
    }

    [Fact]
    public void Matches_an_independent_model_on_random_sequences()
    {
        var random = new Random(1234);
        for (var run = 0; run < 500; run++)
        {
            var rise = random.Next(1, 6);
            var fall = random.Next(1, 6);
            var initFail = random.Next(2) == 0;
            var c = new ScriptResultCounter(rise, fall, initFail);
            // Model: OK after `rise` consecutive successes (1 if nothing reported yet and not init_fail), KO after `fall`
            // consecutive failures (1 if nothing reported yet).
            bool? ok = initFail ? false : null;
            int successes = 0, failures = 0;
            for (var step = 0; step < 40; step++)
            {
                var success = random.Next(3) != 0;
                c.Report(success);
                if (success) { successes++; failures = 0; } else { failures++; successes = 0; }
                if (ok is null) ok = success;
                else if (ok == false && successes >= rise) ok = true;
                else if (ok == true && failures >= fall) ok = false;
                Assert.Equal(ok.Value ? ScriptStatus.Ok : ScriptStatus.Failed, c.Status);
                Assert.InRange(c.Result, 0, rise + fall - 1);
            }
        }
    }
}
