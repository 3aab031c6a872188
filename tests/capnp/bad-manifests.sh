#!/usr/bin/env bash
# bad-manifests.sh CHECKER DIR: every DIR/*.capnp is a manifest the build
# must refuse. Its `# expect:` line is the exact problem the validator must
# report (after "FILE: "). Two damaged binaries (truncated, garbage) must be
# refused as unreadable. Ends with "N passed, N failed".
set -uo pipefail
check=$1; dir=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0

expect_refused() { # name bin-file expected-line
  local name=$1 bin=$2 want=$3 out rc
  out=$("$check" --file "$name" "$bin" 2>&1); rc=$?
  if [[ $rc -eq 1 ]] && grep -qxF -- "$name: $want" <<<"$out"; then
    pass=$((pass+1))
  else
    echo "FAILED: $name (exit $rc)"; echo "  want: $name: $want"
    sed 's/^/  got:  /' <<<"$out"
    fail=$((fail+1))
  fi
}

for f in "$dir"/*.capnp; do
  want=$(sed -n 's/^# expect: //p' "$f")
  if [[ -z $want ]]; then echo "FAILED: $f has no '# expect:' line"; fail=$((fail+1)); continue; fi
  if ! capnp eval -b "$f" manifest > "$tmp/m.bin" 2>"$tmp/err"; then
    echo "FAILED: $f does not compile:"; cat "$tmp/err"; fail=$((fail+1)); continue
  fi
  expect_refused "$f" "$tmp/m.bin" "$want"
done

# Damaged binaries of a good manifest.
capnp eval -b system/default.capnp manifest > "$tmp/good.bin"
head -c 40 "$tmp/good.bin" > "$tmp/trunc.bin"
expect_refused truncated.bin "$tmp/trunc.bin" \
  "(message): not a readable manifest: message truncated: segments extend past the buffer"
{ printf '\0\0\0\0\4\0\0\0'; printf '\1\0\0\0\0\0\5\0'; head -c 24 /dev/zero; } > "$tmp/kind.bin"
expect_refused wrong-kind.bin "$tmp/kind.bin" \
  "(message): not a readable manifest: pointer kind does not match the field's type"

echo "capnp-test: bad manifests: $pass passed, $fail failed"
[[ $fail -eq 0 ]]
