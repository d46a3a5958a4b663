#!/usr/bin/python3
"""Benchmark: profile-picture uploads of 2 MB camera photos (PUT /api/v1/me/picture).

Run by hand (`make bench-pictures`), never in the test suite. Starts shiftsync on a free
loopback port with a temporary data dir (local blob store), makes a ~12-megapixel JPEG of about
2 MB, then uploads it from CLIENTS concurrent keep-alive connections for DURATION seconds and
reports uploads/s, latency percentiles and the server's peak RSS (VmHWM).

References measured in the same run, on the same photo, with the same parallelism as the
server's hashing pool (2 threads):
  * vipsthumbnail (libvips' own CLI) making the 512 and the 128 rendition: the image work alone,
    plus a process start per photo;
  * Pillow (Debian's python3-pil) decoding, cropping, resizing to 512 and 128 and encoding JPEG
    in worker processes: what a typical Python service would do.
Prints a Markdown table for docs/PERFORMANCE.md.
"""
import concurrent.futures
import http.client
import io
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

import requests
from PIL import Image, ImageFilter

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from run import BINARY, PASSWORD, free_port, peak_rss_mib, wait_until  # noqa: E402

DURATION = float(os.environ.get("BENCH_DURATION", "20"))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "4"))
PARALLEL = 2  # the server's default --hashing-threads


def camera_photo(width=4000, height=3000, target=2 * 1024 * 1024):
    """A photo-like JPEG (smooth gradients plus sensor noise) of about `target` bytes."""
    rng = random.Random(42)
    base = Image.linear_gradient("L").resize((width, height))
    noise = Image.effect_noise((width, height), 40).filter(ImageFilter.GaussianBlur(1.2))
    img = Image.merge("RGB", (base, noise, base.transpose(Image.Transpose.FLIP_LEFT_RIGHT)))
    best = None
    for quality in range(60, 98, 4):
        out = io.BytesIO()
        img.save(out, "JPEG", quality=quality)
        data = out.getvalue()
        if best is None or abs(len(data) - target) < abs(len(best) - target):
            best = data
    rng.random()
    return best


def start_server(work):
    port = free_port()
    log = open(os.path.join(work, "server.log"), "w")
    proc = subprocess.Popen([BINARY, "serve", "--listen", f"127.0.0.1:{port}", "--data-dir",
                             os.path.join(work, "data"), "--log-level", "warn"], stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}"
    wait_until(lambda: requests.get(base + "/healthz", timeout=1).ok, "the server")
    return proc, port, base


def register(base):
    r = requests.post(base + "/api/v1/auth/register", json={
        "name": "Bench Owner", "email": f"bench{time.time_ns()}@example.com", "password": PASSWORD,
        "organization": {"name": "Bench", "time_zone": "UTC"}})
    r.raise_for_status()
    return r.json()["token"]


def upload_loop(port, token, photo, deadline, latencies, failures):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "image/jpeg"}
    while time.monotonic() < deadline:
        started = time.monotonic()
        conn.request("PUT", "/api/v1/me/picture", body=photo, headers=headers)
        resp = conn.getresponse()
        resp.read()
        if resp.status == 200:
            latencies.append(time.monotonic() - started)
        else:
            failures.append(resp.status)
    conn.close()


def bench_server(work, photo):
    proc, port, base = start_server(work)
    try:
        token = register(base)
        # Warm up: libvips start-up and the first allocations.
        requests.put(base + "/api/v1/me/picture", data=photo,
                     headers={"Authorization": f"Bearer {token}", "Content-Type": "image/jpeg"}).raise_for_status()
        latencies, failures = [], []
        deadline = time.monotonic() + DURATION
        started = time.monotonic()
        threads = [threading.Thread(target=upload_loop, args=(port, token, photo, deadline, latencies, failures))
                   for _ in range(CLIENTS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.monotonic() - started
        rss = peak_rss_mib(proc.pid)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    return len(latencies) / elapsed, latencies, failures, rss


def vipsthumbnail_once(path, out_dir, n):
    for size in (512, 128):
        subprocess.run(["vipsthumbnail", path, "--size", f"{size}x{size}", "--smartcrop", "centre",
                        "-o", os.path.join(out_dir, f"{n}-{size}.jpg[Q=85,strip]")], check=True)


def bench_vipsthumbnail(work, photo):
    path = os.path.join(work, "photo.jpg")
    with open(path, "wb") as f:
        f.write(photo)
    out = os.path.join(work, "vips-out")
    os.makedirs(out, exist_ok=True)
    done = 0
    deadline = time.monotonic() + DURATION
    started = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(PARALLEL) as pool:
        while time.monotonic() < deadline:
            list(pool.map(lambda n: vipsthumbnail_once(path, out, n), range(done, done + PARALLEL)))
            done += PARALLEL
    return done / (time.monotonic() - started)


def pillow_once(photo):
    img = Image.open(io.BytesIO(photo))
    img.draft("RGB", (1024, 1024))  # Pillow's JPEG shrink-on-load, its usual fast path
    img = img.convert("RGB")
    side = min(img.size)
    left, top = (img.width - side) // 2, (img.height - side) // 2
    square = img.crop((left, top, left + side, top + side))
    for size in (512, 128):
        out = io.BytesIO()
        square.resize((size, size), Image.Resampling.LANCZOS).save(out, "JPEG", quality=85)
    return 1


def bench_pillow(photo):
    done = 0
    deadline = time.monotonic() + DURATION
    started = time.monotonic()
    with concurrent.futures.ProcessPoolExecutor(PARALLEL) as pool:
        while time.monotonic() < deadline:
            done += sum(pool.map(pillow_once, [photo] * PARALLEL))
    return done / (time.monotonic() - started)


def main():
    if not os.path.exists(BINARY):
        raise SystemExit(f"no binary at {BINARY}; run make build")
    if shutil.which("vipsthumbnail") is None:
        raise SystemExit("vipsthumbnail missing: apt-get install libvips-tools")
    work = tempfile.mkdtemp(prefix="shiftsync-bench-pictures-")
    try:
        photo = camera_photo()
        width, height = Image.open(io.BytesIO(photo)).size
        print(f"photo: {width}x{height} JPEG, {len(photo) / 1e6:.2f} MB; {CLIENTS} clients, {DURATION:.0f} s each",
              file=sys.stderr)
        rate, latencies, failures, rss = bench_server(work, photo)
        vips_rate = bench_vipsthumbnail(work, photo)
        pillow_rate = bench_pillow(photo)
        q = statistics.quantiles(latencies, n=100) if len(latencies) >= 2 else [float("nan")] * 99
        print("| what | photos/s | p50 | p99 | peak RSS |")
        print("| --- | ---: | ---: | ---: | ---: |")
        print(f"| `PUT /api/v1/me/picture` ({CLIENTS} clients) | {rate:.1f} | {q[49] * 1000:.0f} ms | "
              f"{q[98] * 1000:.0f} ms | {rss:.0f} MiB |")
        print(f"| vipsthumbnail, 512 + 128 ({PARALLEL} in parallel) | {vips_rate:.1f} | | | |")
        print(f"| Pillow, 512 + 128 ({PARALLEL} processes) | {pillow_rate:.1f} | | | |")
        if failures:
            print(f"\n{len(failures)} uploads failed: statuses {sorted(set(failures))}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
