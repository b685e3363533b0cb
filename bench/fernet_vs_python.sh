#!/usr/bin/env bash
# Fernet encrypt/decrypt ops/s: our Java Fernet (FernetBench) vs Python's cryptography (Debian's
# python3-cryptography) on the same machine in the same run, then the Java/Python ratio.
# Usage: bench/fernet_vs_python.sh [ops]   (default 200000 per operation)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ops="${1:-200000}"
py=/usr/bin/python3   # Debian's python, where python3-cryptography lives (not a pyenv python)
if ! "$py" -c 'import cryptography' 2>/dev/null; then
  echo "installing python3-cryptography..." >&2
  apt-get install -y -q python3-cryptography >&2
fi

. "$root/bench/lib.sh"

out="$(mktemp)"
trap 'rm -f "$out"' EXIT
java -cp "$cp" io.mcpbot.bench.FernetBench "$ops" | tee -a "$out"
"$py" "$root/bench/fernet_python.py" "$ops" | tee -a "$out"

awk '
  { split($3, a, "="); v[$1 " " $2] = a[2] }
  END {
    n = split("encrypt decrypt", ops, " ")
    for (i = 1; i <= n; i++) {
      j = v["java " ops[i]]; p = v["python " ops[i]]
      printf "ratio %s java/python = %.2fx (java %.0f ops/s, python %.0f ops/s)\n", ops[i], j / p, j, p
    }
  }' "$out"
