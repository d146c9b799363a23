"""ipforms from a wheel, in a fresh virtualenv, outside this checkout: a municipality
starts a project with ``ipforms new``, builds its site, fills the application and
checks it, and gets what the checkout gives.

The wheel is built from this checkout and installed with its dependencies by pip
(from pip's cache and the configured indexes); the test runs every command in a
temporary folder, with no PYTHONPATH and its own cache, so nothing of the checkout
can leak in.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

from ipforms.dev.demo_applications import application

pytestmark = pytest.mark.install

REPO = Path(__file__).resolve().parent.parent
RECEIVED = dt.date(2026, 11, 24)


def run(args: list[str], cwd: Path, env: dict, check: bool = True) -> subprocess.CompletedProcess:
    r = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    if check and r.returncode != 0:
        raise AssertionError(f"{args} exited {r.returncode}\n{r.stdout}\n{r.stderr}")
    return r


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> tuple[Path, dict]:
    """(the fresh venv's bin folder, the environment to run it in)"""
    tmp = tmp_path_factory.mktemp("install")
    assert not tmp.resolve().is_relative_to(REPO)
    # build from a copy: setuptools' build/ folder in the checkout could hold stale files
    source = tmp / "source"
    top = {".git", ".venv", "build", "site", "tests", "demo-applications", "screenshots"}
    shutil.copytree(REPO, source, ignore=lambda folder, names: [
        n for n in names if (Path(folder) == REPO and n in top) or n.endswith(".egg-info")
        or n in ("__pycache__", ".cache", ".pytest_cache")])
    dist = tmp / "dist"
    run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(dist), str(source)],
        cwd=tmp, env=os.environ.copy())
    wheel = next(dist.glob("ipforms-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    # the test and demo helpers stay in the checkout; the type information ships
    assert not [n for n in names if n.startswith("ipforms/dev/")], "ipforms.dev is in the wheel"
    assert "ipforms/py.typed" in names
    run([sys.executable, "-m", "venv", str(tmp / "venv")], cwd=tmp, env=os.environ.copy())
    bin_dir = tmp / "venv" / "bin"
    constraints = ["-c", str(REPO / "constraints.txt")] if (REPO / "constraints.txt").is_file() \
        else []
    run([str(bin_dir / "pip"), "install", "-q", *constraints, str(wheel)], cwd=tmp,
        env=os.environ.copy())
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "VIRTUAL_ENV") and not k.startswith("IPFORMS_")}
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    env["XDG_CACHE_HOME"] = str(tmp / "cache")  # blank forms drawn afresh, not the checkout's
    where = run([str(bin_dir / "python"), "-c", "import ipforms; print(ipforms.__file__)"],
                cwd=tmp, env=env).stdout.strip()
    assert Path(where).is_relative_to(tmp / "venv"), where
    return bin_dir, env


def test_new_build_fill_validate_from_a_wheel(installed, tmp_path):
    bin_dir, env = installed
    work = tmp_path / "kommuner"
    work.mkdir()
    r = run(["ipforms", "new", "nordvik"], cwd=work, env=env)
    project = work / "nordvik"
    assert "cd nordvik && ipforms build" in r.stdout
    data_file = project / "data" / "municipalities" / "nordvik.yml"
    data = yaml.safe_load(data_file.read_text(encoding="utf-8"))
    assert data["name"] == {"nb": "Nordvik kommune", "nn": "Nordvik kommune"}
    assert data["example_fields"], "made-up values are marked as examples"
    # the project holds only what is its own: no page templates copied in
    assert sorted(p.relative_to(project).as_posix() for p in project.rglob("*") if p.is_file()) \
        == [".gitignore", "README.md", "content/README.md", "data/municipalities/nordvik.yml",
            "mkdocs.yml"]

    # build: both languages, the pages of every service, the prefilled forms
    run(["ipforms", "build"], cwd=project, env=env)
    site = project / "site" / "nordvik"
    for rel, lang in (("index.html", "nb"), ("koordinator/index.html", "nb"),
                      ("nn/index.html", "nn"), ("nn/barnekoordinator/index.html", "nn")):
        page = (site / rel).read_text(encoding="utf-8")
        assert re.search(rf'<html [^>]*lang="{lang}"', page), rel
        assert "Nordvik kommune" in page, rel
    assert (site / "skjema" / "soknad-koordinator-nn.pdf").read_bytes().startswith(b"%PDF-")

    # fill the application from the project's data, then check it
    answers = {k: v for k, v in application(RECEIVED).items()
               if not k.startswith("municipality_")}
    (project / "svar.json").write_text(json.dumps(answers, ensure_ascii=False), encoding="utf-8")
    run(["ipforms", "fill", "soknad", "--kommune", "nordvik", "--lang", "nn",
         "--data", "svar.json", "-o", "soknad.pdf"], cwd=project, env=env)
    validate = ["validate", "soknad.pdf", "--lang", "nn", "--format", "json",
                "--received", RECEIVED.strftime("%d.%m.%Y")]
    r = run(["ipforms", *validate], cwd=project, env=env, check=False)
    assert r.returncode == 0, r.stdout + r.stderr
    report = json.loads(r.stdout)
    assert report["status"] == "valid" and report["exit_code"] == 0
    # the same check from the checkout gives the same report
    here = run([sys.executable, "-m", "ipforms", *validate], cwd=project,
               env={**os.environ, "PYTHONPATH": str(REPO / "src")}, check=False)
    assert (here.returncode, json.loads(here.stdout)) == (0, report)

    # a file that is not a PDF: bad input (exit 2), and a message, not a traceback
    (project / "tull.pdf").write_bytes(b"not a pdf at all")
    r = run(["ipforms", "validate", "tull.pdf", "--format", "json"], cwd=project, env=env,
            check=False)
    assert r.returncode == 2 and "Traceback" not in r.stderr

    # python -m ipforms --version: the installed package's version
    r = run(["python", "-m", "ipforms", "--version"], cwd=project, env=env)
    version = run(["python", "-c", "import importlib.metadata as m; print(m.version('ipforms'))"],
                  cwd=project, env=env).stdout.strip()
    assert r.stdout.strip().endswith(version) and version


def test_new_refuses_an_existing_folder(installed, tmp_path):
    _, env = installed
    (tmp_path / "nordvik").mkdir()
    (tmp_path / "nordvik" / "mine.txt").write_text("keep me")
    r = run(["ipforms", "new", "nordvik"], cwd=tmp_path, env=env, check=False)
    assert r.returncode == 2
    assert "already exists" in r.stderr and "Traceback" not in r.stderr
    assert [p.name for p in (tmp_path / "nordvik").iterdir()] == ["mine.txt"]
