namespace HaDaemon.Core.Packets;

/// <summary>
/// One instance's AH sequence number, keepalived's ipsecah_counter. A single counter serves both directions: every
/// advert sent takes the next number, and every AH advert that passes the ICV check must carry a number greater than
/// the counter, which then jumps to it. So the group shares one increasing sequence: a backup that takes over
/// continues above the last number it heard, and a node that restarted (counter back at 0) is heard again once it
/// has heard a newer number itself — its own adverts are replays to the others until then (keepalived 2.2.7 behaviour,
/// which the group recovers from through the normal election: the others time out, advertise, and it syncs).
/// Deterministic state, no I/O.
/// </summary>
public sealed class AuthenticationSequence
{
    /// <summary>keepalived stops incrementing above this and marks the counter cycled (2^32 adverts: 136 years at 1 s).</summary>
    public const uint Limit = 0xFFFFFFFD;

    /// <summary>The last number sent or accepted.</summary>
    public uint Current { get; private set; }

    /// <summary>keepalived's ipsecah_counter.cycle: the counter hit <see cref="Limit"/>; it restarts on becoming MASTER.</summary>
    public bool Cycled { get; private set; }

    /// <summary>The number for the advert about to be sent (vrrp_update_pkt).</summary>
    public uint NextToSend()
    {
        if (Current > Limit)
        {
            Cycled = true;
        }
        else
        {
            Current++;
        }

        return Current;
    }

    /// <summary>The anti-replay rule of vrrp_in_chk_ipsecah: true (and the counter moves up) when newer.</summary>
    public bool TryAccept(uint received)
    {
        if (received <= Current)
        {
            return false;
        }

        Current = received;
        return true;
    }

    /// <summary>
    /// vrrp_state_master_rx on a lower-priority advert: "Syncing seq_num - Increment seq", so that our reply (and
    /// every later advert) is newer than what the lower-priority sender has.
    /// </summary>
    public void SyncAbove(uint received)
    {
        Current = unchecked(received + 1);
        Cycled = false;
    }

    /// <summary>Clears the cycled mark (a valid advert from the current master was seen).</summary>
    public void ClearCycle() => Cycled = false;

    /// <summary>vrrp_state_goto_master: "If becoming MASTER in IPSEC AH AUTH, we reset the anti-replay".</summary>
    public void OnBecomingMaster()
    {
        if (Cycled)
        {
            Cycled = false;
            Current = 0;
        }
    }
}
