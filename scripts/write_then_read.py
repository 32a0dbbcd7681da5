"""Read-your-write latency: imports one entity over HTTP, then times the catalog page that must
show it. Prints the median of both over RUNWAY_REQUESTS rounds (default 20).

RUNWAY_COOKIE signs the requests in. The first read after a write pays for catching the
in-memory index up with the change; this is the figure that shows what that costs.
"""
import http.client
import os
import statistics
import sys
import time
from urllib.parse import urlparse

ROUNDS = int(os.environ.get("RUNWAY_REQUESTS", "20"))
DOC = """apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: bench-fresh-{n}
spec:
  type: service
  lifecycle: production
  owner: team-1
"""


def main() -> None:
    base = urlparse(sys.argv[1])
    conn = http.client.HTTPConnection(base.hostname, base.port, timeout=30)
    cookie = os.environ.get("RUNWAY_COOKIE", "")
    origin = f"http://{base.hostname}:{base.port}"
    writes, reads = [], []
    for n in range(ROUNDS):
        start = time.perf_counter()
        conn.request("POST", "/api/v1/catalog/import", body=DOC.format(n=n), headers={"Cookie": cookie, "Origin": origin})
        response = conn.getresponse()
        response.read()
        if response.status != 200:
            raise SystemExit(f"import answered {response.status}")
        writes.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        conn.request("GET", f"/catalog?q=bench-fresh-{n}", headers={"Cookie": cookie})
        response = conn.getresponse()
        body = response.read().decode()
        reads.append((time.perf_counter() - start) * 1000)
        if f"bench-fresh-{n}" not in body:
            raise SystemExit(f"the catalog page did not show bench-fresh-{n} right after its import")
    print(f"  import of one entity: p50 {statistics.median(writes):7.2f} ms")
    print(f"  then the catalog page showing it: p50 {statistics.median(reads):7.2f} ms   ({ROUNDS} rounds)")


if __name__ == "__main__":
    main()
