"""Benchmark: the whole-process cost of ``ipforms fill`` of a small foreign form.

A hand-made one-page AcroForm with 6 one-line text fields (no form of ours, no
--kommune) is filled with æøå values, each run a new process:

* ``ipforms fill``         -- the command as a user runs it (``FORM.pdf --set ... -o``);
* ``ipforms fill (cold)``  -- the same with an empty font cache (``XDG_CACHE_HOME`` a new
  folder each run): the Liberation Sans subset and metrics are made again;
* ``pypdf process``        -- ``python -c`` reading the form with pypdf, filling the
  same values as pypdf's documentation does (``update_page_form_field_values``) and
  writing the file;
* ``python -c pass``       -- the floor: starting Python at all.

Measured in CPU time (user + system of the child, from ``getrusage``), not wall time:
the machine may be shared.  Runs are interleaved so load falls on every command alike;
the best and the median of N runs are printed, with the load average.  Goal (issue 26):
``ipforms fill`` under 0.3 s CPU.

    .venv/bin/python bench/cli_fill.py [--runs 15]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
VALUES = {f"f{i}": v for i, v in enumerate(
    ["Åse Ødegård", "Kongsvegen 12", "2636", "Øyer", "912 34 567", "Blåbærsyltetøy"])}
PYPDF = """\
import sys
from pypdf import PdfReader, PdfWriter
writer = PdfWriter(clone_from=PdfReader(sys.argv[1]))
writer.update_page_form_field_values(None, dict(a.split("=", 1) for a in sys.argv[3:]),
                                     auto_regenerate=False)
with open(sys.argv[2], "wb") as fh:
    writer.write(fh)
"""


def six_field_form(path: Path) -> None:
    """A one-page AcroForm with 6 text fields f0..f5 (Helvetica, 10 pt), no appearances."""
    n = len(VALUES)
    refs = " ".join(f"{4 + i} 0 R" for i in range(n))
    objs = [f"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [{refs}] "
            f"/DA (/Helv 0 Tf 0 g) >> >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 400 300] /Annots [{refs}] >>"]
    for i in range(n):
        y = 260 - 40 * i
        objs.append(f"<< /Type /Annot /Subtype /Widget /FT /Tx /T (f{i}) "
                    f"/Rect [50 {y} 300 {y + 20}] /P 3 0 R /F 4 /DA (/Helv 10 Tf 0 g) >>")
    out = b"%PDF-1.7\n"
    offsets = []
    for i, obj in enumerate(objs, start=1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n{obj}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += (f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n"
            f"%%EOF\n").encode()
    path.write_bytes(out)


def cpu(cmd: list[str], env: dict[str, str] | None = None) -> float:
    """CPU seconds (user + system) of running ``cmd`` to its end."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env=env)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=15)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        form = tmpdir / "six.pdf"
        six_field_form(form)
        sets = [x for k, v in VALUES.items() for x in ("--set", f"{k}={v}")]
        warm = dict(os.environ, XDG_CACHE_HOME=str(tmpdir / "cache"))
        commands = {
            "ipforms fill": ([str(BIN / "ipforms"), "fill", str(form), *sets, "--force",
                              "-o", str(tmpdir / "a.pdf")], warm),
            "ipforms fill (cold font cache)": ([str(BIN / "ipforms"), "fill", str(form), *sets,
                                                "--force", "-o", str(tmpdir / "b.pdf")], None),
            "pypdf process": ([sys.executable, "-c", PYPDF, str(form), str(tmpdir / "c.pdf"),
                               *(f"{k}={v}" for k, v in VALUES.items())], None),
            "python -c pass (floor)": ([sys.executable, "-c", "pass"], None),
        }
        cpu(commands["ipforms fill"][0], warm)  # fills the font cache once
        times: dict[str, list[float]] = {name: [] for name in commands}
        for run in range(args.runs):
            for name, (cmd, env) in commands.items():
                if env is None and name.startswith("ipforms"):
                    env = dict(os.environ, XDG_CACHE_HOME=str(tmpdir / f"cold{run}"))
                times[name].append(cpu(cmd, env))
    load = os.getloadavg()
    print(f"CPU time per process (user + system), {args.runs} interleaved runs; "
          f"load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} on {os.cpu_count()} cores")
    print("| process (6-field foreign form) | best s CPU | median s CPU |")
    print("|---|---:|---:|")
    for name, ts in times.items():
        print(f"| {name} | {min(ts):.3f} | {statistics.median(ts):.3f} |")
    best = statistics.median(times["ipforms fill"])
    print(f"\nipforms fill: {best:.3f} s CPU (median) - goal under 0.3 s: "
          f"{'met' if best < 0.3 else 'NOT met'}")


if __name__ == "__main__":
    main()
