namespace HaDaemon.Linux.Netlink;

/// <summary>rtnetlink numbers from linux/netlink.h, linux/rtnetlink.h, linux/if_addr.h, linux/if_link.h, linux/fib_rules.h.</summary>
internal static class Rtnl
{
    // nlmsghdr types
    public const ushort NLMSG_ERROR = 2;
    public const ushort NLMSG_DONE = 3;
    public const ushort RTM_NEWLINK = 16;
    public const ushort RTM_DELLINK = 17;
    public const ushort RTM_GETLINK = 18;
    public const ushort RTM_NEWADDR = 20;
    public const ushort RTM_DELADDR = 21;
    public const ushort RTM_GETADDR = 22;
    public const ushort RTM_NEWROUTE = 24;
    public const ushort RTM_DELROUTE = 25;
    public const ushort RTM_GETROUTE = 26;
    public const ushort RTM_NEWRULE = 32;
    public const ushort RTM_DELRULE = 33;
    public const ushort RTM_GETRULE = 34;

    // nlmsghdr flags
    public const ushort NLM_F_REQUEST = 0x1;
    public const ushort NLM_F_MULTI = 0x2;
    public const ushort NLM_F_ACK = 0x4;
    public const ushort NLM_F_DUMP = 0x300;
    public const ushort NLM_F_REPLACE = 0x100;
    public const ushort NLM_F_EXCL = 0x200;
    public const ushort NLM_F_CREATE = 0x400;
    public const ushort NLM_F_APPEND = 0x800;
    /// <summary>On an NLMSG_ERROR: extended-ack TLVs follow.</summary>
    public const ushort NLM_F_ACK_TLVS = 0x200;
    public const ushort NLMSGERR_ATTR_MSG = 1;

    // socket options (SOL_NETLINK)
    public const int SOL_NETLINK = 270;
    public const int NETLINK_ADD_MEMBERSHIP = 1;
    public const int NETLINK_DROP_MEMBERSHIP = 2;
    public const int NETLINK_CAP_ACK = 10;
    public const int NETLINK_EXT_ACK = 11;

    // multicast groups (numbers for NETLINK_ADD_MEMBERSHIP)
    public const int RTNLGRP_LINK = 1;
    public const int RTNLGRP_IPV4_IFADDR = 5;
    public const int RTNLGRP_IPV4_ROUTE = 7;
    public const int RTNLGRP_IPV6_IFADDR = 9;
    public const int RTNLGRP_IPV6_ROUTE = 11;
    public const int RTNLGRP_IPV4_RULE = 8;
    public const int RTNLGRP_IPV6_RULE = 19;

    // IFA_* (ifaddrmsg attributes)
    public const ushort IFA_ADDRESS = 1;
    public const ushort IFA_LOCAL = 2;
    public const ushort IFA_LABEL = 3;
    public const ushort IFA_BROADCAST = 4;
    public const ushort IFA_CACHEINFO = 6;
    public const ushort IFA_FLAGS = 8;

    public const uint IFA_F_SECONDARY = 0x01;
    public const uint IFA_F_NODAD = 0x02;
    public const uint IFA_F_HOMEADDRESS = 0x10;
    public const uint IFA_F_DEPRECATED = 0x20;
    public const uint IFA_F_TENTATIVE = 0x40;
    public const uint IFA_F_PERMANENT = 0x80;
    public const uint IFA_F_MANAGETEMPADDR = 0x100;
    public const uint IFA_F_NOPREFIXROUTE = 0x200;

    // IFLA_* (ifinfomsg attributes)
    public const ushort IFLA_ADDRESS = 1;
    public const ushort IFLA_IFNAME = 3;
    public const ushort IFLA_MTU = 4;
    public const ushort IFLA_LINK = 5;
    public const ushort IFLA_OPERSTATE = 16;
    public const ushort IFLA_LINKINFO = 18;
    public const ushort IFLA_AF_SPEC = 26;
    public const ushort IFLA_INFO_KIND = 1;
    public const ushort IFLA_INFO_DATA = 2;
    public const ushort IFLA_MACVLAN_MODE = 1;
    public const uint MACVLAN_MODE_PRIVATE = 1;
    public const ushort IFLA_INET_CONF = 1;
    public const ushort IFLA_INET6_CONF = 2;
    public const ushort IFLA_INET6_ADDR_GEN_MODE = 8;
    public const byte IN6_ADDR_GEN_MODE_NONE = 1;

    // IPV4_DEVCONF_* (1-based attribute types inside IFLA_INET_CONF)
    public const ushort IPV4_DEVCONF_FORWARDING = 1;
    public const ushort IPV4_DEVCONF_RP_FILTER = 8;
    public const ushort IPV4_DEVCONF_ARPFILTER = 13;
    public const ushort IPV4_DEVCONF_ARP_IGNORE = 19;
    public const ushort IPV4_DEVCONF_PROMOTE_SECONDARIES = 20;
    public const ushort IPV4_DEVCONF_ACCEPT_LOCAL = 23;
    // DEVCONF_* for IPv6 is a 0-based u32 array; 0 = forwarding.
    public const int DEVCONF_FORWARDING = 0;

    public const uint IFF_UP = 0x1;
    public const uint IFF_BROADCAST = 0x2;
    public const uint IFF_LOOPBACK = 0x8;
    public const uint IFF_RUNNING = 0x40;
    public const uint IFF_LOWER_UP = 0x10000;

    // RTA_* (rtmsg attributes)
    public const ushort RTA_DST = 1;
    public const ushort RTA_SRC = 2;
    public const ushort RTA_IIF = 3;
    public const ushort RTA_OIF = 4;
    public const ushort RTA_GATEWAY = 5;
    public const ushort RTA_PRIORITY = 6;
    public const ushort RTA_PREFSRC = 7;
    public const ushort RTA_METRICS = 8;
    public const ushort RTA_MULTIPATH = 9;
    public const ushort RTA_FLOW = 11;
    public const ushort RTA_TABLE = 15;
    public const ushort RTA_VIA = 18;
    public const ushort RTA_PREF = 20;
    public const ushort RTA_EXPIRES = 23;
    public const ushort RTA_TTL_PROPAGATE = 26;
    public const ushort RTAX_LOCK = 1;
    public const ushort RTAX_CC_ALGO = 16;
    public const ushort RTAX_MTU = 2;
    public const ushort RTAX_ADVMSS = 8;
    public const byte RTNH_F_ONLINK = 4;
    public const uint RTNH_F_ONLINK_ROUTE = 4;

    // FRA_* (fib rule attributes)
    public const ushort FRA_DST = 1;
    public const ushort FRA_SRC = 2;
    public const ushort FRA_IIFNAME = 3;
    public const ushort FRA_GOTO = 4;
    public const ushort FRA_PRIORITY = 6;
    public const ushort FRA_FWMARK = 10;
    public const ushort FRA_FLOW = 11;
    public const ushort FRA_TUN_ID = 12;
    public const ushort FRA_SUPPRESS_IFGROUP = 13;
    public const ushort FRA_SUPPRESS_PREFIXLEN = 14;
    public const ushort FRA_TABLE = 15;
    public const ushort FRA_FWMASK = 16;
    public const ushort FRA_OIFNAME = 17;
    public const ushort FRA_L3MDEV = 19;
    public const ushort FRA_UID_RANGE = 20;
    public const ushort FRA_PROTOCOL = 21;
    public const ushort FRA_IP_PROTO = 22;
    public const ushort FRA_SPORT_RANGE = 23;
    public const ushort FRA_DPORT_RANGE = 24;
    public const uint FIB_RULE_INVERT = 0x2;
}
