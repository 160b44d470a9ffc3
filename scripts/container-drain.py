#!/usr/bin/python3
"""SIGTERM under load, as Kubernetes stops a pod: every request inside the service must be answered in full.

Usage: container-drain.py <port> <digit.png> <sigterm command...>
1. load: four client threads POST the digit to /classify (keep-alive) for the whole run, 15 requests a second each:
   steady load that stays under the per-client rate limit the service ships with (100 req/s), so none is refused;
2. held: twelve POSTs to /classify, /denoise and /encode are sent with "Expect: 100-continue" and kept until the
   service has answered "100 Continue" (Kestrel does when the endpoint starts reading the body): provably in flight;
3. the sigterm command runs (e.g. podman kill --signal TERM NAME); the script waits until new connections are refused;
4. the held bodies are sent; each answer must be a complete 200 (PNG to its IEND chunk, JSON that parses).
Every answer the load threads received must be 200. Prints one line per finding; exit 0 when all hold.
Standard library only.
"""
import http.client
import json
import socket
import subprocess
import sys
import threading
import time

ROUTES = ["/classify", "/denoise", "/encode"]


def held_request(port, path, body):
    sock = socket.create_connection(("127.0.0.1", port), timeout=30)
    head = (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: image/png\r\n"
            f"Content-Length: {len(body)}\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n")
    sock.sendall(head.encode("ascii"))
    interim = b""
    while b"\r\n\r\n" not in interim:
        chunk = sock.recv(1)
        if not chunk:
            raise RuntimeError(f"{path}: connection closed before 100 Continue")
        interim += chunk
    if not interim.startswith(b"HTTP/1.1 100"):
        raise RuntimeError(f"{path}: expected 100 Continue, got {interim[:40]!r}")
    return sock


def complete(sock, path, body):
    sock.sendall(body)
    answer = b""
    while True:
        chunk = sock.recv(65536)
        if not chunk:
            break
        answer += chunk
    sock.close()
    head, _, payload = answer.partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(b":") for line in head.split(b"\r\n")[1:])}
    length = int(headers.get(b"content-length", b"-1"))
    if headers.get(b"transfer-encoding") == b"chunked":
        payload = dechunk(payload)
    elif length >= 0 and len(payload) != length:
        return f"{path}: {len(payload)} of {length} bytes"
    if status != 200:
        return f"{path}: status {status}: {payload[:200]!r}"
    if path == "/denoise":
        return None if payload.startswith(b"\x89PNG") and payload[-8:-4] == b"IEND" else f"{path}: incomplete PNG"
    json.loads(payload)
    return None


def dechunk(data):
    out = b""
    while data:
        size_line, _, rest = data.partition(b"\r\n")
        size = int(size_line.split(b";")[0], 16)
        if size == 0:
            break
        out += rest[:size]
        data = rest[size + 2:]
    return out


def refuses_connections(port):
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        return False
    except OSError:
        return True


def main():
    port, digit, command = int(sys.argv[1]), open(sys.argv[2], "rb").read(), sys.argv[3:]
    stop = threading.Event()
    load_statuses = []
    lock = threading.Lock()

    def load():
        connection = None
        while not stop.wait(1 / 15):
            try:
                connection = connection or http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                connection.request("POST", "/classify", body=digit, headers={"Content-Type": "image/png"})
                response = connection.getresponse()
                response.read()
                with lock:
                    load_statuses.append(response.status)
                if response.getheader("Connection", "").lower() == "close":
                    connection.close()
                    connection = None
            except OSError:
                # A closed keep-alive connection or a refused connect once shutdown began: not an answer.
                if connection is not None:
                    connection.close()
                connection = None
                time.sleep(0.05)

    threads = [threading.Thread(target=load, daemon=True) for _ in range(4)]
    for thread in threads:
        thread.start()
    time.sleep(2)
    held = [(ROUTES[i % 3], held_request(port, ROUTES[i % 3], digit)) for i in range(12)]
    with lock:
        before = len(load_statuses)
    print(f"drain: {before} load answers before SIGTERM, {len(held)} requests held inside the service")
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while not refuses_connections(port):
        if time.monotonic() > deadline:
            print("drain: FAIL still accepting connections 30 s after SIGTERM")
            return 1
        time.sleep(0.1)
    print("drain: new connections refused after SIGTERM")
    problems = [p for p in (complete(sock, path, digit) for path, sock in held) if p]
    stop.set()
    for thread in threads:
        thread.join(timeout=35)
    not_ok = [s for s in load_statuses if s != 200]
    print(f"drain: held requests answered in full: {len(held) - len(problems)} of {len(held)}")
    print(f"drain: load answers {len(load_statuses)}, not 200: {len(not_ok)}")
    for problem in problems:
        print(f"drain: FAIL {problem}")
    return 0 if not problems and not not_ok and before > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
