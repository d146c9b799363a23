"""Shared fixtures.  ``demo_site`` builds the real demo site (every municipality in
data/municipalities, both languages, forms included) once per test run, shared
by the pytest-xdist workers through a lock file."""

from __future__ import annotations

import fcntl
import json
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

#: Modules whose tests are slow by nature: the hostile corpus, the corpus of real forms
#: (collected from the registries on first use), the side-by-side bench comparison and the
#: wheel installed in a fresh virtualenv.  `make test` runs them; `make test-fast` (the
#: inner loop) leaves them out with ``-m "not slow and not browser"``.
SLOW_MODULES = {"test_hostile.py", "test_fill_corpus.py", "test_bench_fill.py", "test_install.py"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.path.name in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)


def _shared_dir(tmp_path_factory) -> Path:
    base = tmp_path_factory.getbasetemp()
    # with xdist every worker has its own basetemp below one common parent
    return base.parent if base.name.startswith("popen-gw") else base


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture(scope="session")
def form_cache(tmp_path_factory) -> Path:
    """A cache folder for the blank forms, shared by all xdist workers (see
    pdfcheck.blank)."""
    cache = _shared_dir(tmp_path_factory) / "ipforms-blank-forms"
    cache.mkdir(exist_ok=True)
    return cache


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory) -> Path:
    """The folder that holds ``<slug>/`` for every demo municipality."""
    from ipforms.site.build import build_sites

    shared = _shared_dir(tmp_path_factory)
    out = shared / "demo-site"
    done = shared / "demo-site.json"
    with open(shared / "demo-site.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            if out.exists():
                shutil.rmtree(out)
            results = build_sites(root=REPO, out_dir=out, cache_dir=shared / "form-cache")
            done.write_text(json.dumps([r.slug for r in results]))
        fcntl.flock(lock, fcntl.LOCK_UN)
    return out


@pytest.fixture(scope="session")
def demo_slugs(demo_site) -> list[str]:
    return json.loads((demo_site.parent / "demo-site.json").read_text())


#: the day the demo applications are received (ipforms.dev.demo_applications)
DEMO_DAY = "2026-11-24"


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    """A folder of the demo applications as received on DEMO_DAY (one per test module:
    the tests that use it only read it)."""
    import datetime as dt

    from ipforms.dev.demo_applications import write_demo_folder

    folder = tmp_path_factory.mktemp("demo")
    write_demo_folder(folder, dt.date.fromisoformat(DEMO_DAY))
    return folder
