#!/usr/bin/env bash
# Regenerate the seed corpus of fuzz_capnp_reader from capnp itself (run by
# hand; the seeds are committed). Each seed is one selector byte (the root
# type, see tests/fuzz/fuzz_capnp_reader.c) followed by a message.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=tests/fuzz/corpus/fuzz_capnp_reader
schema=tests/capnp/test.capnp
seed() { # name selector type [convert options] < text
  local name=$1 sel=$2 type=$3; shift 3
  { printf "\\x$sel"; capnp convert text:binary "$@" $schema "$type"; } > "$out/$name"
}
echo '(voids = [void, void], bools = [true, false, true], u16s = [1, 2], points = [(x = 1, y = 2)], nested = [[7], []], texts = ["a", ""], i64s = [-1], colors = [blue], datas = ["\x01"])' | seed lists 00 Lists
echo '(voids = [void], texts = ["a", "bc"], points = [(x = 1, y = 2), (x = 3)])' | seed lists-seg2 00 Lists --segment-size=2
echo '(a = 4660, b = true, c = 7, name = "hi", e = 171, f = -2, blob = "\xde\xad", p = (x = 1, y = -1))' | seed basic 02 Basic
echo '(name = "hi", blob = "\xde\xad", p = (x = 1, y = -1))' | seed basic-seg1 02 Basic --segment-size=1
echo '(value = 1, next = (value = 2, next = (value = 3)), children = [(value = 4)])' | seed node 03 Node
echo '(tag = 5, txt = "q", g = (gx = 3, gy = "z"), named = (nb = -3))' | seed unions 04 Unions
# Hand-made: capabilities (E8) and a double-far pointer (E7).
printf '\x05\x00\x00\x00\x00\x05\x00\x00\x00\x00\x00\x00\x00\x01\x00\x03\x00\x07\x00\x00\x00\x00\x00\x00\x00\x03\x00\x00\x00\x00\x00\x00\x00\x03\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00' > $out/holder-caps
printf '\x02\x02\x00\x00\x00\x01\x00\x00\x00\x02\x00\x00\x00\x01\x00\x00\x00\x06\x00\x00\x00\x01\x00\x00\x00\x02\x00\x00\x00\x02\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00\x00\x05\x00\x00\x00\x06\x00\x00\x00' > $out/double-far
ls -l $out
