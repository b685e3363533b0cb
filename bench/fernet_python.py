"""Fernet encrypt/decrypt throughput of Python's cryptography, same shape as FernetBench."""
import sys
import time

import cryptography
from cryptography.fernet import Fernet

KEY = b"cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4="
PLAINTEXT = b"ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789"


def report(op, nanos, total):
    s = sorted(nanos)
    print("python %s ops_per_s=%.0f p50_us=%.2f p99_us=%.2f n=%d plaintext_bytes=%d cryptography=%s"
          % (op, len(nanos) / (total / 1e9), s[len(s) // 2] / 1e3, s[int(len(s) * 0.99)] / 1e3,
             len(nanos), len(PLAINTEXT), cryptography.__version__))


def main():
    ops = int(sys.argv[1]) if len(sys.argv) > 1 else 200000
    warmup = int(sys.argv[2]) if len(sys.argv) > 2 else 20000
    f = Fernet(KEY)
    token = f.encrypt(PLAINTEXT)
    for _ in range(warmup):
        f.encrypt(PLAINTEXT)
        f.decrypt(token)
    clock = time.perf_counter_ns
    for op, fn in (("encrypt", lambda: f.encrypt(PLAINTEXT)), ("decrypt", lambda: f.decrypt(token))):
        nanos = [0] * ops
        start = clock()
        for i in range(ops):
            t0 = clock()
            fn()
            nanos[i] = clock() - t0
        report(op, nanos, clock() - start)


if __name__ == "__main__":
    main()
