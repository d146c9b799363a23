"""The preview an editor works with (``mkdocs serve`` on the demo project): how long it
takes to start, and from saving a page to the updated page with its findings at the top.

Copies the demo project (mkdocs.yml, content/, data/) to a temporary folder, starts
``mkdocs serve`` there for one municipality (first run: blank forms drawn into its own
cache), waits for the first page, then saves content/nb/koordinator.md N times, each time
with a new misspelt word, and polls the page until it shows the new text and the finding
for that word.  Prints wall time and the server's CPU time (its process and children,
from /proc) for the start and for each save, with the load average (the machine may be
shared: CPU time is the steadier figure).

    .venv/bin/python bench/preview.py [--saves 10] [--kommune oyer]
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) of ``pid`` and its children, alive or reaped."""
    total = 0.0
    stack = [pid]
    while stack:
        p = stack.pop()
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += sum(int(x) for x in fields[11:15]) / TICK  # utime stime cutime cstime
            children = Path(f"/proc/{p}/task/{p}/children").read_text().split()
        except OSError:
            continue
        stack += [int(c) for c in children]
    return total


def get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=30) as r:
            return r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.read().decode("utf-8", "replace")


def wait_for(url: str, predicate, seconds: float = 120.0) -> str:
    deadline = time.monotonic() + seconds
    body = ""
    while time.monotonic() < deadline:
        try:
            body = get(url)
            if predicate(body):
                return body
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.02)
    raise SystemExit(f"{url}: not as expected within {seconds} s:\n{body[:1500]}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--saves", type=int, default=10)
    ap.add_argument("--kommune", default="oyer")
    ap.add_argument("--ten", action="store_true",
                    help="then plant the ten mistakes of tests/editor_mistakes.py, one save each, "
                         "and time each until the preview shows it")
    ap.add_argument("--text-only", action="store_true",
                    help="wait for the new text only, not its finding (a preview without findings)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="ipforms-preview-") as tmp:
        root = Path(tmp)
        shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
        for name in ("content", "data"):
            shutil.copytree(REPO / name, root / name)
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        env = {**os.environ, "IPFORMS_KOMMUNE": args.kommune, "PYTHONUNBUFFERED": "1"}
        url = f"http://127.0.0.1:{port}/koordinator/"
        load0 = os.getloadavg()
        t0 = time.monotonic()
        proc = subprocess.Popen([str(BIN / "mkdocs"), "serve", "-a", f"127.0.0.1:{port}",
                                 ], cwd=root, env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                start_new_session=True)
        try:
            wait_for(url, lambda body: "Koordinator" in body, 300)
            start_wall, start_cpu = time.monotonic() - t0, cpu_seconds(proc.pid)
            page = root / "content" / "nb" / "koordinator.md"
            original = page.read_text(encoding="utf-8")
            walls, cpus = [], []
            for i in range(args.saves):
                word = f"Koordinatorr{'x' * i}"
                time.sleep(0.5)  # a person saves now and then, not in a burst
                c0, t1 = cpu_seconds(proc.pid), time.monotonic()
                page.write_text(original.replace("## Dette får du", f"## Dette får du\n\n{word} her."),
                                encoding="utf-8")
                wait_for(url, lambda body, w=word: f"{w} her" in body
                         and (args.text_only or f"«{w}»" in body))
                walls.append(time.monotonic() - t1)
                cpus.append(cpu_seconds(proc.pid) - c0)
            page.write_text(original, encoding="utf-8")
            ten: list[tuple[str, float, float]] = []
            if args.ten:  # the ten planted mistakes, one save each, each seen in the preview
                sys.path.insert(0, str(REPO / "tests"))
                from editor_mistakes import plant

                mark = [time.monotonic(), cpu_seconds(proc.pid)]

                def seen(m) -> None:
                    wait_for(url, lambda body: m.says in body and m.file in body)
                    ten.append((m.what, time.monotonic() - mark[0], cpu_seconds(proc.pid) - mark[1]))
                    time.sleep(0.5)
                    mark[:] = [time.monotonic(), cpu_seconds(proc.pid)]

                time.sleep(1.0)
                mark[:] = [time.monotonic(), cpu_seconds(proc.pid)]
                plant(root, seen)
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=30)
        load1 = os.getloadavg()
    print(f"load average at start {load0[0]:.2f}, at end {load1[0]:.2f} (2 cores; shared machine)")
    print(f"mkdocs serve start: {start_wall:.2f} s wall, {start_cpu:.2f} s CPU (to the first page)")
    print(f"save -> updated page with its findings, {args.saves} saves: median "
          f"{statistics.median(walls):.2f} s wall (min {min(walls):.2f}, max {max(walls):.2f}), "
          f"median {statistics.median(cpus):.2f} s CPU")
    for what, wall, cpu in ten:
        print(f"  planted {what}: shown after {wall:.2f} s wall, {cpu:.2f} s CPU")


if __name__ == "__main__":
    main()
