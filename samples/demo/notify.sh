#!/bin/sh
# Generic `notify` hook of the demo: hadaemon appends TYPE NAME STATE PRIORITY, as keepalived does.
echo "$(date +%T.%3N) ${HADAEMON_DEMO_NODE:-?}: $1 $2 $3 priority $4" >> "${HADAEMON_DEMO_LOG:-/dev/null}"
