#!/usr/bin/env bash
# bench.sh OURS LINUX: run both capnp build+read benches and print their
# BENCH lines and the ratio capnp_build_read_vs_linux (ours / libcapnp;
# below 1 means ours is faster).
set -euo pipefail
ours=$("$1")
linux=$("$2")
echo "$ours"
echo "$linux"
a=$(sed -n 's/^BENCH name=capnp_build_read value=\([0-9.]*\).*/\1/p' <<<"$ours")
b=$(sed -n 's/^BENCH name=linux_capnp_build_read value=\([0-9.]*\).*/\1/p' <<<"$linux")
awk -v a="$a" -v b="$b" 'BEGIN { printf "BENCH name=capnp_build_read_vs_linux value=%.3f unit=x\n", a / b }'
