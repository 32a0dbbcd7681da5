"""Sequential keep-alive GETs against a running server; prints p50/p99 latency per path.

One connection, one request at a time: this measures the server's time per page (rendering,
queries, streaming), not its throughput under contention. RUNWAY_COOKIE signs the requests in.
"""
import http.client
import os
import statistics
import sys
import time
from urllib.parse import urlparse

WARMUP = 50
REQUESTS = int(os.environ.get("RUNWAY_REQUESTS", "1000"))


def measure(conn: http.client.HTTPConnection, path: str) -> list[float]:
    times = []
    for i in range(WARMUP + REQUESTS):
        start = time.perf_counter()
        conn.request("GET", path, headers={"Cookie": os.environ.get("RUNWAY_COOKIE", "")})
        response = conn.getresponse()
        response.read()
        elapsed = time.perf_counter() - start
        if response.status != 200:
            raise SystemExit(f"GET {path} answered {response.status}")
        if i >= WARMUP:
            times.append(elapsed * 1000)
    return times


def main() -> None:
    base = urlparse(sys.argv[1])
    conn = http.client.HTTPConnection(base.hostname, base.port, timeout=10)
    width = max(14, *(len(p) + 2 for p in sys.argv[2:]))
    print(f"  {'path':<{width}}{'p50 ms':>9}{'p99 ms':>9}{'req/s':>9}   ({REQUESTS} sequential requests)")
    for path in sys.argv[2:]:
        times = sorted(measure(conn, path))
        p50 = statistics.median(times)
        p99 = times[int(len(times) * 0.99) - 1]
        print(f"  {path:<{width}}{p50:>9.2f}{p99:>9.2f}{1000 / statistics.mean(times):>9.0f}")


if __name__ == "__main__":
    main()
