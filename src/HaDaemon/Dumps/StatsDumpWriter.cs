using System.Globalization;
using System.Text;

namespace HaDaemon.Dumps;

/// <summary>The USR2 dump (keepalived.stats), line for line as keepalived 2.2.7's vrrp_print_stats().</summary>
public static class StatsDumpWriter
{
    public static string Format(DumpSnapshot snapshot)
    {
        var sb = new StringBuilder();
        void Line(string text) => sb.Append(text).Append('\n');
        static string N(ulong v) => v.ToString(CultureInfo.InvariantCulture);

        foreach (var instance in snapshot.Instances)
        {
            var s = instance.Stats;
            Line("VRRP Instance: " + instance.Name);
            Line("  Advertisements:");
            Line("    Received: " + N(s.AdvertReceived));
            Line("    Sent: " + N(s.AdvertSent));
            Line("  Became master: " + N(s.BecameMaster));
            Line("  Released master: " + N(s.ReleasedMaster));
            Line("  Packet Errors:");
            Line("    Length: " + N(s.PacketLengthErrors));
            Line("    TTL: " + N(s.TtlErrors));
            Line("    Invalid Type: " + N(s.InvalidTypeReceived));
            Line("    Advertisement Interval: " + N(s.AdvertIntervalErrors));
            Line("    Address List: " + N(s.AddressListErrors));
            Line("  Authentication Errors:");
            Line("    Invalid Type: " + N(s.InvalidAuthType));
            Line("    Type Mismatch: " + N(s.AuthTypeMismatch));
            Line("    Failure: " + N(s.AuthFailure));
            Line("  Priority Zero:");
            Line("    Received: " + N(s.PriorityZeroReceived));
            Line("    Sent: " + N(s.PriorityZeroSent));
        }

        return sb.ToString();
    }
}
