"""Start-up time of the command line (goal: ``ipforms --version`` under 0.1 s).

Runs each command N times in interleaved rounds (so other work on the machine
affects them alike) and prints the best and the median wall time, beside the floor
of starting Python at all; then the slowest imports of ``ipforms --version``
(from ``python -X importtime``) and which heavy packages each command loaded.

    .venv/bin/python bench/startup.py [--runs 30]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

BIN = Path(sys.executable).parent
HEAVY = ("mkdocs", "material", "weasyprint", "pydantic", "pypdf", "jinja2", "babel", "yaml")
PROBE = ("import sys, runpy; sys.argv = {argv!r}; "
         "exec('try:\\n    runpy.run_module(\"ipforms\", run_name=\"__main__\")\\n"
         "except SystemExit:\\n    pass'); "
         "print(sorted({{m.split('.')[0] for m in sys.modules}} & {heavy!r}), file=sys.stderr)")

COMMANDS = {
    "python -c pass (floor)": [sys.executable, "-c", "pass"],
    "python -c 'import ipforms'": [sys.executable, "-c", "import ipforms"],
    "ipforms --version": [str(BIN / "ipforms"), "--version"],
    "python -m ipforms --version": [sys.executable, "-m", "ipforms", "--version"],
    "ipforms --help": [str(BIN / "ipforms"), "--help"],
}


def timed(cmd: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - t0


def heavy_modules(argv: list[str]) -> str:
    """The heavy packages a command has loaded when it is done."""
    code = PROBE.format(argv=["ipforms", *argv], heavy=set(HEAVY))
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    return r.stderr.strip().splitlines()[-1] if r.stderr.strip() else "?"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=30)
    args = ap.parse_args()
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for cmd in COMMANDS.values():  # warm the OS caches once
        timed(cmd)
    for _ in range(args.runs):
        for name, cmd in COMMANDS.items():
            times[name].append(timed(cmd))
    print(f"| command ({args.runs} runs) | best ms | median ms |")
    print("|---|---:|---:|")
    for name, ts in times.items():
        print(f"| {name} | {min(ts) * 1000:.0f} | {statistics.median(ts) * 1000:.0f} |")

    r = subprocess.run([sys.executable, "-X", "importtime", "-m", "ipforms", "--version"],
                       capture_output=True, text=True)
    rows = []
    for line in r.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            _, cum, mod = line.split("|")
            if cum.strip().isdigit():
                rows.append((int(cum), mod.rstrip()))
    print("\nslowest imports of `python -m ipforms --version` (cumulative us):")
    for cum, mod in sorted(rows, reverse=True)[:8]:
        print(f"  {cum:>8}  {mod}")
    print("\nheavy packages loaded:")
    for argv in (["--version"], ["validate", "--help"], ["fill", "--help"]):
        print(f"  ipforms {' '.join(argv)}: {heavy_modules(argv)}")


if __name__ == "__main__":
    main()
