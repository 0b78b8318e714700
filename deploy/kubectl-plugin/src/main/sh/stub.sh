#!/bin/sh
# kubectl-kreboot: a kubectl plugin (kubectl kreboot ...). This file is a shell stub followed by a
# Java archive; it runs the archive on the first Java 17+ found. KREBOOT_JAVA overrides it.
JAVA="${KREBOOT_JAVA:-${JAVA_HOME:+$JAVA_HOME/bin/}java}"
exec "$JAVA" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -jar "$0" "$@"
