#!/usr/bin/env bash
# HaDaemon demo: a real VRRP failover between two hadaemon nodes in throw-away network namespaces.
#   lan   : a bridge and a client (192.168.42.10) that watches who answers for the VIP
#   node1 : hadaemon, priority 200, eth0 192.168.42.1 on the bridge
#   node2 : hadaemon, priority 100, eth0 192.168.42.2 on the bridge
# It shows the election, stops the master (SIGTERM: priority-0 hand-over), kills the new master (-9: the backup
# waits 3 x advert_int + skew), brings the old master back (preemption), and measures each failover.
# Everything lives in namespaces named hd-demo-*; they and the daemons are removed on exit, also on Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")"
if [ "$(id -u)" -ne 0 ]; then exec sudo -E "$0" "$@"; fi

ns_lan=hd-demo-lan ns1=hd-demo-node1 ns2=hd-demo-node2
vip=192.168.42.100
work=$(mktemp -d /tmp/hadaemon-demo.XXXXXX)
declare -A pid=()

cleanup() {
    trap - EXIT INT TERM
    for n in "${!pid[@]}"; do kill -TERM "${pid[$n]}" 2>/dev/null || true; done
    sleep 0.3
    for n in "${!pid[@]}"; do kill -KILL "${pid[$n]}" 2>/dev/null || true; done
    for ns in $ns1 $ns2 $ns_lan; do ip netns del "$ns" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT
trap 'echo; echo "interrupted"; exit 130' INT TERM

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
now_ms() { date +%s%3N; }
holder() {  # prints node1/node2/none/both according to who has the VIP
    local h=""
    ip -n $ns1 -o addr show dev eth0 | grep -q " $vip/" && h="node1"
    ip -n $ns2 -o addr show dev eth0 | grep -q " $vip/" && h="${h:+$h+}node2"
    echo "${h:-none}"
}
wait_holder() {  # wait_holder NODE TIMEOUT_S -> prints elapsed ms since $2nd arg's start
    local want=$1 deadline=$(( $(now_ms) + $2 * 1000 ))
    while [ "$(holder)" != "$want" ]; do
        [ "$(now_ms)" -gt "$deadline" ] && { echo "timed out waiting for $want (holder: $(holder))"; return 1; }
        sleep 0.005
    done
}

bin=${HADAEMON_BIN:-}   # set HADAEMON_BIN to run an already built or installed binary
if [ -z "$bin" ]; then
    say "building hadaemon"
    dotnet build -c Release src/HaDaemon/HaDaemon.csproj -nologo -v q >/dev/null
    bin=src/HaDaemon/bin/Release/net10.0/hadaemon
fi

say "creating namespaces: $ns_lan (bridge + client), $ns1, $ns2"
for ns in $ns_lan $ns1 $ns2; do ip netns del "$ns" 2>/dev/null || true; ip netns add "$ns"; done
ip -n $ns_lan link add br0 type bridge
ip -n $ns_lan link set br0 up
ip -n $ns_lan addr add 192.168.42.10/24 dev br0
for i in 1 2; do
    ns=hd-demo-node$i
    ip -n $ns_lan link add "n$i" type veth peer name eth0 netns "$ns"
    ip -n $ns_lan link set "n$i" master br0 up
    ip -n "$ns" addr add "192.168.42.$i/24" dev eth0
    ip -n "$ns" link set eth0 up
    ip -n "$ns" link set lo up
done
ip netns exec $ns_lan ip -br addr

wait_log() {  # wait_log NODE PATTERN: until the node's log shows PATTERN (e.g. it finished starting)
    local deadline=$(( $(now_ms) + 20000 ))
    until grep -q "$2" "$work/$1.log" 2>/dev/null; do
        [ "$(now_ms)" -gt "$deadline" ] && { echo "timed out waiting for '$2' in $1's log"; return 1; }
        sleep 0.01
    done
}

start_node() {
    local n=$1
    HADAEMON_DEMO_LOG="$work/notify.log" HADAEMON_DEMO_NODE="node$n" \
        ip netns exec "hd-demo-node$n" "$bin" --dont-fork --log-console --config-id "node$n" \
        -f samples/demo/keepalived.conf -p "$work/node$n.pid" -r "$work/node$n.vrrp.pid" \
        >"$work/node$n.log" 2>&1 &
    pid[node$n]=$!
}

say "starting node1 (priority 200) and node2 (priority 100)"
start_node 1; start_node 2
wait_holder node1 20
wait_log node2 "Entering BACKUP STATE"
echo "node1 is MASTER and holds $vip; node2 is BACKUP"
ip -n $ns1 -br addr show dev eth0

say "graceful stop of node1 (SIGTERM: it sends priority 0, node2 takes over after its skew time)"
t0=$(now_ms); kill -TERM "${pid[node1]}"; wait "${pid[node1]}" 2>/dev/null || true; unset 'pid[node1]'
wait_holder node2 10
echo "node2 took $vip in $(( $(now_ms) - t0 )) ms (RFC: skew = (256-100)/256 x 0.1 s = 61 ms, + netlink + detection)"

say "node1 comes back: it has the higher priority and preempts"
: > "$work/node1.log"
start_node 1
wait_log node1 "Entering BACKUP STATE"
t0=$(now_ms)
wait_holder node1 10
echo "node1 took $vip back $(( $(now_ms) - t0 )) ms after it started as BACKUP"
echo "(it ignores node2's lower-priority adverts, so its own master-down timer, 3 x 0.1 s + 22 ms, decides)"

say "kill -9 of node1 (no goodbye: node2 waits 3 x 0.1 s + 61 ms = 361 ms after the last advert)"
t0=$(now_ms); kill -KILL "${pid[node1]}"; wait "${pid[node1]}" 2>/dev/null || true; unset 'pid[node1]'
# A killed daemon cannot remove its VIP (keepalived leaves it too); the backup takes it over regardless.
ip netns exec $ns1 ip addr del "$vip/24" dev eth0 2>/dev/null || true
wait_holder node2 10
echo "node2 took $vip in $(( $(now_ms) - t0 )) ms after the kill"

say "client view: the VIP's MAC in the LAN's ARP cache is node2's"
# Any packet to the VIP makes the client resolve it (a TCP connect to a closed port is enough; no ping needed).
ip netns exec $ns_lan timeout 1 bash -c "exec 3<>/dev/tcp/$vip/9" 2>/dev/null || true
ip -n $ns_lan neigh show "$vip"
echo "node2 eth0: $(ip -n $ns2 -br link show eth0 | awk '{print $3}')"

say "notify scripts ran, in order"
cat "$work/notify.log" 2>/dev/null || echo "(none)"

say "node logs"
for f in "$work"/node*.log; do echo "--- $(basename "$f")"; grep -iE 'transition|master|backup|fault' "$f" | tail -8 || true; done
say "done; cleaning up"
