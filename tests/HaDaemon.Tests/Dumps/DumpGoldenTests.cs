using HaDaemon.Dumps;

namespace HaDaemon.Tests.Dumps;

/// <summary>
/// The expected texts below were written from keepalived 2.2.7's printf formats (vrrp_print.c, vrrp_data.c,
/// vrrp_json.c), not produced by the code under test.
/// </summary>
public sealed class DumpGoldenTests
{
    [Fact]
    public void Stats_dump_matches_keepalived_byte_for_byte()
    {
        const string Expected =
            "VRRP Instance: VI_EXT_1\n" +
            "  Advertisements:\n" +
            "    Received: 11\n" +
            "    Sent: 12\n" +
            "  Became master: 2\n" +
            "  Released master: 1\n" +
            "  Packet Errors:\n" +
            "    Length: 1\n" +
            "    TTL: 1\n" +
            "    Invalid Type: 1\n" +
            "    Advertisement Interval: 1\n" +
            "    Address List: 1\n" +
            "  Authentication Errors:\n" +
            "    Invalid Type: 2\n" +
            "    Type Mismatch: 2\n" +
            "    Failure: 2\n" +
            "  Priority Zero:\n" +
            "    Received: 1\n" +
            "    Sent: 1\n" +
            "VRRP Instance: VI_6\n" +
            "  Advertisements:\n" +
            "    Received: 0\n" +
            "    Sent: 0\n" +
            "  Became master: 0\n" +
            "  Released master: 0\n" +
            "  Packet Errors:\n" +
            "    Length: 0\n" +
            "    TTL: 0\n" +
            "    Invalid Type: 0\n" +
            "    Advertisement Interval: 0\n" +
            "    Address List: 0\n" +
            "  Authentication Errors:\n" +
            "    Invalid Type: 0\n" +
            "    Type Mismatch: 0\n" +
            "    Failure: 0\n" +
            "  Priority Zero:\n" +
            "    Received: 0\n" +
            "    Sent: 0\n";
        Assert.Equal(Expected, StatsDumpWriter.Format(DumpSamples.Snapshot()));
    }

    [Fact]
    public void Data_dump_matches_keepalived_layout_byte_for_byte()
    {
        const string Expected =
            "------< Global definitions >------\n" +
            " Network namespace = (default)\n" +
            " Router ID = lb1\n" +
            "------< VRRP Topology >------\n" +
            " VRRP Instance = VI_EXT_1\n" +
            "   VRRP Version = 2\n" +
            "   State = MASTER\n" +
            "   Flags:\n" +
            "     Using unicast\n" +
            "   Wantstate = MASTER\n" +
            "   Number of config faults = 0\n" +
            "   Number of interface and track script faults = 0\n" +
            "   Number of track scripts init = 0\n" +
            "   Last transition = 1594831166.420598 (Wed Jul 15 16:39:26.420598 2020)\n" +
            "   Read timeout = 1594995529.942882 (Fri Jul 17 14:18:49.942882 2020)\n" +
            "   Master down timer = 608848 usecs\n" +
            "   Interface = ens192\n" +
            "   Using src_ip = 192.168.1.1 (from configuration)\n" +
            "   Gratuitous ARP delay = 5\n" +
            "   Gratuitous ARP repeat = 5\n" +
            "   Gratuitous ARP refresh = 0\n" +
            "   Gratuitous ARP refresh repeat = 1\n" +
            "   Gratuitous ARP lower priority delay = 5\n" +
            "   Gratuitous ARP lower priority repeat = 5\n" +
            "   Down timer adverts = 3\n" +
            "   Send advert after receive lower priority advert = true\n" +
            "   Send advert after receive higher priority advert = false\n" +
            "   Virtual Router ID = 10\n" +
            "   Priority = 100\n" +
            "   Effective priority = 100\n" +
            "   Total priority = 100\n" +
            "   Advert interval = 1 sec\n" +
            "   Accept = enabled\n" +
            "   Preempt = enabled\n" +
            "   Promote_secondaries = disabled\n" +
            "   Authentication type = SIMPLE_PASSWORD\n" +
            "   Password = bacbefe5\n" +
            "   Virtual IP (1):\n" +
            "     192.168.2.1 dev ens192 scope global set\n" +
            "   Unicast TTL = 255\n" +
            "   Check unicast src : no\n" +
            "   Unicast Peer :\n" +
            "     192.168.1.2 min_ttl 0 max_ttl 255\n" +
            "     192.168.1.3 min_ttl 0 max_ttl 255\n" +
            "   Unicast checksum compatibility = no\n" +
            "   fd_in 12, fd_out 13\n" +
            "   Tracked scripts :\n" +
            "     check_script weight -60\n" +
            "   Using smtp notification = no\n" +
            "   Notify deleted = Fault\n" +
            "   Generic state transition script = '/etc/keepalived/notify.sh', uid:gid 0:0\n" +
            "   Notify priority changes = false\n" +
            " VRRP Instance = VI_6\n" +
            "   VRRP Version = 3\n" +
            "   Sync group = G1\n" +
            "   Using Native IPv6\n" +
            "   State = BACKUP\n" +
            "   Master router = fe80::1\n" +
            "   Master priority = 200\n" +
            "   Master advert int = 0.50 sec\n" +
            "   Flags:\n" +
            "   Wantstate = BACKUP\n" +
            "   Number of config faults = 0\n" +
            "   Number of interface and track script faults = 0\n" +
            "   Number of track scripts init = 0\n" +
            "   Last transition = 1591000000.000005 (Mon Jun  1 08:26:40.000005 2020)\n" +
            "   Read timeout = DISABLED\n" +
            "   Master down timer = 1804687 usecs\n" +
            "   Interface = eth1\n" +
            "   Using src_ip = fe80::2\n" +
            "   Multicast address ff02::12, ifindex 3\n" +
            "   Gratuitous ARP delay = 5\n" +
            "   Gratuitous ARP repeat = 5\n" +
            "   Gratuitous ARP refresh = 0\n" +
            "   Gratuitous ARP refresh repeat = 1\n" +
            "   Gratuitous ARP lower priority delay = 5\n" +
            "   Gratuitous ARP lower priority repeat = 5\n" +
            "   Down timer adverts = 3\n" +
            "   Send advert after receive lower priority advert = true\n" +
            "   Send advert after receive higher priority advert = false\n" +
            "   Virtual Router ID = 51\n" +
            "   Priority = 150\n" +
            "   Effective priority = 140\n" +
            "   Total priority = 140\n" +
            "   Advert interval = 500 milli-sec\n" +
            "   Master advert interval = 500 milli-sec\n" +
            "   Accept = disabled\n" +
            "   Preempt = disabled\n" +
            "   Preempt delay = 2.5 secs\n" +
            "   Promote_secondaries = disabled\n" +
            "   Virtual IP (1):\n" +
            "     2001:db8::10/64 dev eth1 scope global no_track preferred_lft forever\n" +
            "   No sockets allocated\n" +
            "   Tracked interfaces :\n" +
            "     eth0 weight -10 reverse\n" +
            "   Tracked files :\n" +
            "     tf, weight 1\n" +
            "   Using smtp notification = no\n" +
            "   Notify deleted = Deleted\n" +
            "   Master state transition script = '/usr/local/bin/up' 'it'\\''s', uid:gid 1000:1000\n" +
            "   Notify priority changes = true\n" +
            "------< VRRP Sync groups >------\n" +
            " VRRP Sync Group = G1, BACKUP\n" +
            "   Num member fault 0, num member init 0\n" +
            "   VRRP member instances :\n" +
            "     VI_6\n" +
            "   Using smtp notification = no\n" +
            "------< VRRP Scripts >------\n" +
            " VRRP Script = check_script\n" +
            "   Command = '/etc/keepalived/script.sh'\n" +
            "   Interval = 2 sec\n" +
            "   Timeout = 2 sec\n" +
            "   Weight = -60\n" +
            "   Rise = 5\n" +
            "   Fall = 1\n" +
            "   Result = 5\n" +
            "   Insecure = no\n" +
            "   Init state = unknown\n" +
            "   Status = GOOD\n" +
            "   Script uid:gid = 0:0\n" +
            "   VRRP instances :\n" +
            "     VI_EXT_1, weight -60\n" +
            "   State = idle\n";
        Assert.Equal(Expected, DataDumpWriter.Format(DumpSamples.Snapshot(), TimeZoneInfo.Utc));
    }

    [Fact]
    public void Json_dump_matches_keepalived_byte_for_byte()
    {
        const string Expected =
            "[{\"data\":{\"iname\":\"VI_EXT_1\",\"dont_track_primary\":0,\"skip_check_adv_addr\":0,\"strict_mode\":0," +
            "\"vmac_ifname\":\"\",\"ifp_ifname\":\"ens192\",\"master_priority\":0,\"last_transition\":1594831166.420598," +
            "\"garp_delay\":5,\"garp_refresh\":0,\"garp_rep\":5,\"garp_refresh_rep\":1,\"garp_lower_prio_delay\":5," +
            "\"garp_lower_prio_rep\":5,\"lower_prio_no_advert\":0,\"higher_prio_send_advert\":0,\"vrid\":10," +
            "\"base_priority\":100,\"effective_priority\":100,\"vipset\":true,\"promote_secondaries\":false," +
            "\"adver_int\":1,\"master_adver_int\":0,\"accept\":1,\"nopreempt\":false,\"preempt_delay\":0,\"state\":2," +
            "\"wantstate\":2,\"version\":2,\"smtp_alert\":false,\"notify_deleted\":false," +
            "\"script\":\"'\\/etc\\/keepalived\\/notify.sh'\"," +
            "\"vips\":[\"192.168.2.1 dev ens192 scope global set\"]," +
            "\"track_script\":[\"'\\/etc\\/keepalived\\/script.sh'\"],\"auth_type\":1,\"auth_data\":\"bacbefe5\"}," +
            "\"stats\":{\"advert_rcvd\":11,\"advert_sent\":12,\"become_master\":2,\"release_master\":1,\"packet_len_err\":1," +
            "\"advert_interval_err\":1,\"ip_ttl_err\":1,\"invalid_type_rcvd\":1,\"addr_list_err\":1,\"invalid_authtype\":2," +
            "\"authtype_mismatch\":2,\"auth_failure\":2,\"pri_zero_rcvd\":1,\"pri_zero_sent\":1}}," +
            "{\"data\":{\"iname\":\"VI_6\",\"dont_track_primary\":0,\"skip_check_adv_addr\":0,\"strict_mode\":0," +
            "\"vmac_ifname\":\"\",\"ifp_ifname\":\"eth1\",\"master_priority\":200,\"last_transition\":1591000000.000005," +
            "\"garp_delay\":5,\"garp_refresh\":0,\"garp_rep\":5,\"garp_refresh_rep\":1,\"garp_lower_prio_delay\":5," +
            "\"garp_lower_prio_rep\":5,\"lower_prio_no_advert\":0,\"higher_prio_send_advert\":0,\"vrid\":51," +
            "\"base_priority\":150,\"effective_priority\":140,\"vipset\":false,\"promote_secondaries\":false," +
            "\"adver_int\":0.5,\"master_adver_int\":0.5,\"accept\":0,\"nopreempt\":true,\"preempt_delay\":2,\"state\":1," +
            "\"wantstate\":1,\"version\":3,\"smtp_alert\":false,\"notify_deleted\":true," +
            "\"script_master\":\"'\\/usr\\/local\\/bin\\/up' 'it'\\\\''s'\"," +
            "\"vips\":[\"2001:db8::10\\/64 dev eth1 scope global no_track preferred_lft forever\"]," +
            "\"track_ifp\":[\"eth0\"],\"auth_type\":0}," +
            "\"stats\":{\"advert_rcvd\":0,\"advert_sent\":0,\"become_master\":0,\"release_master\":0,\"packet_len_err\":0," +
            "\"advert_interval_err\":0,\"ip_ttl_err\":0,\"invalid_type_rcvd\":0,\"addr_list_err\":0,\"invalid_authtype\":0," +
            "\"authtype_mismatch\":0,\"auth_failure\":0,\"pri_zero_rcvd\":0,\"pri_zero_sent\":0}}]\n";
        var json = JsonDumpWriter.Format(DumpSamples.Snapshot());
        Assert.Equal(Expected, json);
        using var parsed = System.Text.Json.JsonDocument.Parse(json); // and it is valid JSON
        Assert.Equal("VI_6", parsed.RootElement[1].GetProperty("data").GetProperty("iname").GetString());
    }

    [Fact]
    public void A_vmac_instance_is_dumped_as_keepalived_prints_it()
    {
        var snapshot = DumpSamples.Snapshot();
        snapshot = snapshot with
        {
            Instances = [snapshot.Instances[0] with { Vmac = "vrrp.10", VmacUp = true, VmacXmitBase = true }],
        };

        var data = DataDumpWriter.Format(snapshot, TimeZoneInfo.Utc);
        Assert.Contains("   Use VMAC, i/f name vrrp.10, is_up = true, xmit_base = true\n" +
            "   Interface = vrrp.10, vmac on ens192, xmit base i/f\n", data, StringComparison.Ordinal);
        Assert.Contains("\"vmac_ifname\":\"vrrp.10\",\"ifp_ifname\":\"vrrp.10\"", JsonDumpWriter.Format(snapshot), StringComparison.Ordinal);
    }

    [Fact]
    public void Json_dump_with_no_instances_is_an_empty_array() =>
        Assert.Equal("[]\n", JsonDumpWriter.Format(new DumpSnapshot()));

    [Theory]
    [InlineData(5.0, "5")]
    [InlineData(0.5, "0.5")]
    [InlineData(0.001, "0.001")]
    [InlineData(1.0 / 3, "0.333333")]
    [InlineData(123456.0, "123456")]
    [InlineData(1234567.0, "1.23457e+06")]
    [InlineData(0.00001, "1e-05")]
    [InlineData(999999.5, "1e+06")]
    [InlineData(100000.5, "100000")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(1e21, "1e+21")]
    public void G_format_matches_printf(double value, string expected) => Assert.Equal(expected, CFormat.G(value));
}
