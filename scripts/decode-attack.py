#!/usr/bin/env python3
"""The decode-amplification attack of issue #16, against real service processes, side by side.

A hostile client sends one multipart request of 64 small PNGs that each declare 4000x4000 pixels (--side) (a white square on
black, so every image is a real digit-like picture), ATTACKERS of them at once, while another client keeps sending a
28x28 digit to /classify. For each build (label=path/to/DenoiseApi.dll), alternating in ROUNDS, this prints: the
attack's answers, the CPU-seconds the service spent from the attack's start until its answers, its peak RSS (VmHWM),
the other client's p50/p99 latency during the attack, and how long a SIGTERM sent while a second attack is in flight
takes to stop the process. Every process runs under DOTNET_GCHeapHardLimit (the k8s memory limit) and is niced.

  nice -n 10 python3 scripts/decode-attack.py old=/path/a84d383/src/DenoiseApi/bin/Release/net10.0/DenoiseApi.dll \
      new=src/DenoiseApi/bin/Release/net10.0/DenoiseApi.dll [--rounds 2] [--port 5400]
"""
import argparse
import http.client
import os
import signal
import struct
import subprocess
import threading
import time
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CACHE = os.environ.get("DENOISEAPI_CACHE", os.path.expanduser("~/.cache/denoiseapi"))


def chunk(kind, data):
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)


def hostile_png(side=4000, square=400):
    row_blank = b"\0" * (side + 1)
    lo = (side - square) // 2
    row_square = b"\0" + b"\0" * lo + b"\xff" * square + b"\0" * (side - lo - square)
    raw = b"".join(row_square if lo <= y < lo + square else row_blank for y in range(side))
    ihdr = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def multipart(images):
    boundary = "attack-boundary-7d1"
    parts = []
    for i, image in enumerate(images):
        parts.append(f"--{boundary}\r\nContent-Disposition: form-data; name=\"image\"; filename=\"{i}.png\"\r\n"
                     f"Content-Type: image/png\r\n\r\n".encode() + image + b"\r\n")
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def post(port, body, content_type, timeout):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("POST", "/classify", body, {"Content-Type": content_type})
        response = connection.getresponse()
        response.read()
        return response.status
    except Exception as e:  # a dropped connection or a timeout is an answer too
        return type(e).__name__
    finally:
        connection.close()


def cpu_seconds(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def peak_rss_mib(pid):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def start(dll, port, heap_limit):
    env = {"PATH": os.environ["PATH"], "HOME": "/tmp", "ASPNETCORE_URLS": f"http://127.0.0.1:{port}",
           "ASPNETCORE_HTTP_PORTS": "", "Models__Root": os.path.join(ROOT, "models"), "ORT_DISABLE_TELEMETRY": "1",
           "DOTNET_GCHeapHardLimit": heap_limit, "RateLimiting__Enabled": "false", "Logging__LogLevel__Default": "Warning",
           "Serilog__MinimumLevel__Default": "Warning"}
    if not os.path.exists(os.path.join(os.path.dirname(os.path.abspath(dll)), "runtimes", "linux-x64", "native", "libonnxruntime.so")):
        # A build from before the ONNX Runtime NuGet package (a84d383 and older) loads the library setup.sh fetched.
        env["OnnxRuntime__LibraryPath"] = os.path.join(CACHE, "onnxruntime", "1.30.0", "libonnxruntime.so.1")
    process = subprocess.Popen(["nice", "-n", "10", "dotnet", os.path.abspath(dll)], cwd=os.path.dirname(os.path.abspath(dll)),
                               env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 180
    while time.time() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/health/ready")
            if connection.getresponse().status == 200:
                return process
        except OSError:
            pass
        time.sleep(0.5)
    process.kill()
    raise RuntimeError(f"{dll} was not ready on port {port}")


def service_pid(process):
    # `nice` execs dotnet, so the child keeps the pid.
    return process.pid


def run_side(label, dll, port, args, attack_body, content_type, digit):
    process = start(dll, port, args.heap_limit)
    pid = service_pid(process)
    stop_victim = threading.Event()
    latencies = []

    def victim():
        while not stop_victim.is_set():
            began = time.perf_counter()
            status = post(port, digit, "image/png", 30)
            latencies.append((time.perf_counter() - began, status))

    cpu_before = cpu_seconds(pid)
    began = time.perf_counter()
    answers = [None] * args.attackers
    attackers = [threading.Thread(target=lambda i=i: answers.__setitem__(i, post(port, attack_body, content_type, args.timeout)))
                 for i in range(args.attackers)]
    victim_thread = threading.Thread(target=victim)
    victim_thread.start()
    for t in attackers:
        t.start()
    for t in attackers:
        t.join()
    attack_seconds = time.perf_counter() - began
    cpu = cpu_seconds(pid) - cpu_before
    stop_victim.set()
    victim_thread.join()
    rss = peak_rss_mib(pid)
    times = sorted(t for t, status in latencies if status == 200)
    p = lambda q: times[min(len(times) - 1, int(q * len(times)))] * 1000 if times else float("nan")
    victim_statuses = {str(s): sum(1 for _, x in latencies if x == s) for s in {s for _, s in latencies}}

    # A second attack, then SIGTERM while it is in flight: how long until the process is gone?
    second = [threading.Thread(target=lambda: post(port, attack_body, content_type, args.timeout)) for _ in range(args.attackers)]
    for t in second:
        t.start()
    time.sleep(1.0)
    alive = process.poll() is None
    term = time.perf_counter()
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=60)
        shutdown = f"{time.perf_counter() - term:.1f} s (exit {process.returncode})"
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        shutdown = "over 60 s (killed)"
    for t in second:
        t.join()
    print(f"{label:4} attack answers {answers} in {attack_seconds:.1f} s | service CPU {cpu:.1f} s | peak RSS {rss:.0f} MiB"
          f" | other client (per-client rate limit off): {len(times)} answered 200, p50 {p(0.5):.0f} ms, p99 {p(0.99):.0f} ms, statuses {victim_statuses}"
          f" | SIGTERM during a 2nd attack{'' if alive else ' (process already gone)'}: {shutdown}", flush=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("builds", nargs="+", help="label=path/to/DenoiseApi.dll")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--attackers", type=int, default=4)
    parser.add_argument("--images", type=int, default=64)
    parser.add_argument("--side", type=int, default=4000, help="declared width and height of each PNG")
    parser.add_argument("--port", type=int, default=5400)
    parser.add_argument("--timeout", type=float, default=120)
    parser.add_argument("--heap-limit", default="0x30000000", help="DOTNET_GCHeapHardLimit (default 768 MiB)")
    args = parser.parse_args()
    builds = [b.split("=", 1) for b in args.builds]
    png = hostile_png(args.side, args.side // 10)
    body, content_type = multipart([png] * args.images)
    digit = open(os.path.join(ROOT, "tests", "Imaging.Tests", "Corpus", "mnist-test-0.png"), "rb").read()
    print(f"attack: {args.attackers} x one request of {args.images} PNGs declaring {args.side}x{args.side} ({len(png)} bytes each, "
          f"{len(body) / 1e6:.2f} MB a request); GC heap limit {args.heap_limit}", flush=True)
    for r in range(args.rounds):
        order = builds if r % 2 == 0 else list(reversed(builds))
        for i, (label, dll) in enumerate(order):
            run_side(label, dll, args.port + i, args, body, content_type, digit)


if __name__ == "__main__":
    main()
