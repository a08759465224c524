#!/usr/bin/env python3
"""Measures the hardening targets of issue #17 against `chronicle serve` on loopback.

Usage: scripts/hardening_bench.py CHRONICLE_BINARY ARCHIVE.db
Prints one line per figure (see BENCHMARKS.md, "Hardening"). Traffic goes to 127.0.0.1 only;
every request loop is bounded.
"""
import gzip
import http.client
import os
import signal
import socket
import subprocess
import sys
import threading
import time


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def serve(binary, db, *extra):
    port = free_port()
    proc = subprocess.Popen(
        [binary, "serve", "--db", db, "--addr", f"127.0.0.1:{port}", *extra],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(600):
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            c.request("GET", "/api/health")
            if c.getresponse().status == 200:
                return proc, port
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("server never answered")


def post(port, path, body, headers=None, timeout=600):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    h = {"Content-Type": "text/plain"}
    h.update(headers or {})
    c.request("POST", path, body=body, headers=h)
    r = c.getresponse()
    r.read()
    return r.status


def get_status(port, path, headers=None):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    c.request("GET", path, headers=headers or {})
    r = c.getresponse()
    r.read()
    return r.status


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks


def rss_mb(pid, key="VmRSS"):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1]) / 1024
    return 0.0


def stop(proc):
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def main():
    binary, db = sys.argv[1], sys.argv[2]
    story = "Japan accused China on Monday of sending fishing boats near the islands, officials in Tokyo said. "

    # 1. The gzip bomb: 20 MB of text in a ~20 KB body.
    proc, port = serve(binary, db)
    bomb = gzip.compress(b"a" * (20 << 20), 9)
    t = time.monotonic()
    status = post(port, "/api/extract", bomb)
    took = time.monotonic() - t
    print(f"gzip bomb: {len(bomb)} B body -> {status} in {took * 1000:.0f} ms; "
          f"server peak RSS {rss_mb(proc.pid, 'VmHWM'):.0f} MB")
    bomb199 = gzip.compress(b"a" * (200 << 20), 9)
    t = time.monotonic()
    status = post(port, "/api/extract", bomb199)
    print(f"gzip bomb: {len(bomb199)} B body -> {status} in {(time.monotonic() - t) * 1000:.0f} ms; "
          f"server peak RSS {rss_mb(proc.pid, 'VmHWM'):.0f} MB")

    # 2. Cross-site requests.
    print("Host: evil.example ->", get_status(port, "/api/health", {"Host": "evil.example"}))
    print("cross-origin POST ->", post(port, "/api/extract", b"Japan accused China.",
                                       {"Origin": "http://evil.example"}))
    print("search of 8,000 words ->", get_status(port, "/api/search?q=" + "+".join(["korea"] * 8000)[:15000]))
    stop(proc)

    # 3. Work past its deadline: a 2 s limit, a body of minutes of work.
    proc, port = serve(binary, db, "--timeout", "2", "--max-body-kib", "4096")
    big = varied_text(1 << 20).encode()  # 1 MB of distinct sentences: tens of seconds of work
    t = time.monotonic()
    status = post(port, "/api/extract", big)
    answered = time.monotonic() - t
    c0 = cpu_seconds(proc.pid)
    time.sleep(1.0)
    c1 = cpu_seconds(proc.pid)
    time.sleep(2.0)
    c2 = cpu_seconds(proc.pid)
    print(f"deadline 2 s, {len(big) >> 20} MB body: {status} after {answered:.2f} s; "
          f"CPU used 0-1 s after the answer {c1 - c0:.2f} s, 1-3 s after {c2 - c1:.2f} s")
    stop(proc)

    # 4. SIGTERM under load: two long extractions in flight.
    proc, port = serve(binary, db, "--timeout", "600", "--max-body-kib", "4096")
    load = [threading.Thread(target=lambda: _quiet(post, port, "/api/extract", big)) for _ in range(2)]
    for th in load:
        th.start()
    time.sleep(2.0)
    busy = cpu_seconds(proc.pid)
    t = time.monotonic()
    proc.send_signal(signal.SIGTERM)
    try:
        code = proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        code = "killed after 60 s"
    print(f"SIGTERM under load (2 extractions running, {busy:.1f} s CPU so far): exited {code} "
          f"in {(time.monotonic() - t) * 1000:.0f} ms")
    for th in load:
        th.join()


def varied_text(size):
    """Distinct made-up sentences (caches in the pipeline make repeated ones cheap)."""
    import random
    rng = random.Random(17)
    words = ("the minister said talks with Japan and China would resume on Monday while officials "
             "in Seoul met negotiators from Washington to discuss trade tariffs defence costs and "
             "fishing rights near the disputed islands after protests in Tokyo last week").split()
    out, n = [], 0
    while n < size:
        s = " ".join(rng.choice(words) for _ in range(rng.randint(8, 30)))
        s = s[0].upper() + s[1:] + ". "
        out.append(s)
        n += len(s)
    return "".join(out)


def _quiet(f, *args):
    try:
        f(*args)
    except OSError:
        pass


if __name__ == "__main__":
    main()
