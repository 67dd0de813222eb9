#!/bin/sh
# notify_master hook: point a cloud provider's floating IP at this node.
# Usage: move-floating-ip.sh API_BASE FLOATING_IP THIS_NODE
#   GET  API_BASE/floating-ips/IP          -> {"ip":"…","assigned_to":"node"}
#   POST API_BASE/floating-ips/IP/assign   body {"node":"THIS_NODE"}
# Idempotent: if the IP is already assigned to this node, nothing is sent. Retries 5 times, 1 s apart, because
# the API is often briefly unavailable exactly when failovers happen. Exit 0 on success, 1 after the last retry.
set -u
api=$1 ip=$2 node=$3
attempt=1
while [ "$attempt" -le 5 ]; do
    current=$(curl -fsS --max-time 2 "$api/floating-ips/$ip" 2>/dev/null) && {
        case "$current" in
            *"\"assigned_to\":\"$node\""*|*"\"assigned_to\": \"$node\""*)
                echo "floating IP $ip already on $node"; exit 0 ;;
        esac
        if curl -fsS --max-time 2 -X POST -H 'Content-Type: application/json' \
                -d "{\"node\":\"$node\"}" "$api/floating-ips/$ip/assign" >/dev/null 2>&1; then
            echo "floating IP $ip moved to $node (attempt $attempt)"; exit 0
        fi
    }
    echo "floating IP API not ready (attempt $attempt)" >&2
    attempt=$((attempt + 1))
    sleep 1
done
echo "giving up moving $ip to $node" >&2
exit 1
