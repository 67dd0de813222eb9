using HaDaemon.Core.Packets;

namespace HaDaemon.Core.Tests.Packets;

/// <summary>keepalived's ipsecah_counter rules: one counter for sent and accepted numbers.</summary>
public class AuthenticationSequenceTests
{
    [Fact]
    public void Sending_numbers_from_one_upwards()
    {
        var s = new AuthenticationSequence();
        Assert.Equal(1u, s.NextToSend());
        Assert.Equal(2u, s.NextToSend());
        Assert.Equal(2u, s.Current);
    }

    [Fact]
    public void Only_a_newer_number_is_accepted_and_the_next_send_continues_above_it()
    {
        var s = new AuthenticationSequence();
        Assert.True(s.TryAccept(1000));
        Assert.False(s.TryAccept(1000));
        Assert.False(s.TryAccept(3));
        Assert.Equal(1000u, s.Current);
        Assert.Equal(1001u, s.NextToSend());
        Assert.False(s.TryAccept(1001));
    }

    [Fact]
    public void A_master_hearing_a_lower_priority_advert_jumps_above_it()
    {
        var s = new AuthenticationSequence();
        s.NextToSend();
        s.SyncAbove(500);
        Assert.Equal(502u, s.NextToSend());
    }

    [Fact]
    public void At_the_limit_the_counter_stops_and_restarts_only_when_becoming_master()
    {
        var s = new AuthenticationSequence();
        Assert.True(s.TryAccept(AuthenticationSequence.Limit));
        Assert.Equal(AuthenticationSequence.Limit + 1, s.NextToSend());
        Assert.False(s.Cycled);
        Assert.Equal(AuthenticationSequence.Limit + 1, s.NextToSend());
        Assert.True(s.Cycled);

        s.OnBecomingMaster();
        Assert.False(s.Cycled);
        Assert.Equal(1u, s.NextToSend());

        s.OnBecomingMaster(); // not cycled: nothing to reset
        Assert.Equal(2u, s.NextToSend());
    }

    [Fact]
    public void Clearing_the_cycle_keeps_the_number()
    {
        var s = new AuthenticationSequence();
        s.TryAccept(uint.MaxValue - 1);
        s.NextToSend();
        Assert.True(s.Cycled);
        s.ClearCycle();
        s.OnBecomingMaster();
        Assert.Equal(uint.MaxValue - 1, s.Current);
    }
}
