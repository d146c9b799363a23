"""Build the static site of each municipality: one mkdocs build per municipality,
both cores in use when building several, each site built aside and swapped in
only when it succeeded, so a failed build leaves the previous site as it was.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import shutil
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from collections.abc import Callable, Iterator

from ..core.errors import BuildError, DataError
from ..core.files import make_temp_dir, read_text
from ..core.municipality import (DATA_LIMIT, Municipality, find_data_files, load_municipality,
                                 yaml_unfolds)
from .config import BuildSettings
from .plugin import IpformsPlugin


@dataclass
class BuildResult:
    slug: str
    ok: bool
    seconds: float
    out: Path
    error: str | None = None
    render_seconds: float = 0.0


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def _example_warning(m: Municipality, path: Path) -> str | None:
    if not m.example_fields:
        return None
    return (f"warning: {m.slug}: example values still in {path}: {', '.join(m.example_fields)} "
            "(the pages show a demo notice until example_fields is empty)")


def check_data(data_dir: Path, slugs: list[str] | None = None,
               warnings: list[str] | None = None) -> list[str]:
    """Validate every data file first; raise one DataError listing every bad file.
    ``warnings`` gets one line per municipality that still has example values."""
    files = {p.stem: p for p in find_data_files(data_dir)}
    if slugs:
        unknown = [s for s in slugs if s not in files]
        if unknown:
            raise DataError(f"no data file for {', '.join(unknown)}", file=data_dir,
                            hint=f"known: {', '.join(files) or 'none'}")
        files = {s: files[s] for s in slugs}
    if not files:
        raise DataError("no municipality data files (*.yml)", file=data_dir)
    problems: list[DataError] = []
    for path in files.values():
        try:
            m = load_municipality(path)
        except DataError as exc:
            problems.append(exc)
            continue
        if warnings is not None and (w := _example_warning(m, path)):
            warnings.append(w)
    if problems:  # every problem of every file at once
        raise DataError.collect([p for exc in problems for p in exc.problems])
    return list(files)


def _swap_in(new: Path, target: Path) -> None:
    """Replace ``target`` by ``new``; the old site is removed only after the swap."""
    old = None
    if target.exists():
        old = target.with_name(f".old-{target.name}-{os.getpid()}")
        os.replace(target, old)
    os.replace(new, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def build_one(slug: str, out_dir: Path, config_file: Path, cache_dir: Path | None = None) -> BuildResult:
    """Build one municipality's site into ``out_dir/<slug>`` (in this process)."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.exceptions import Abort, MkDocsException

    from . import filememo, mkconfig, render, themecache

    t0 = time.perf_counter()
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / slug
    # 0755 under umask 022 (not mkdtemp's 0700): the folder becomes the published site
    tmp = make_temp_dir(out_dir, f".build-{slug}-", replaces=target)
    collect = _Collect()
    mk_log = logging.getLogger("mkdocs")
    mk_log.addHandler(collect)
    render_before = render.RENDER_SECONDS[0]
    try:
        themecache.share_theme_list()  # the installed themes: looked up once per worker
        filememo.share_theme_files()  # which theme folder holds each file: once per run
        filememo.share_i18n_paths()  # pathlib's parses of the same paths: once per worker
        filememo.share_posix_paths()
        filememo.share_i18n_files()  # a content or theme file as a language has it: once
        cfg = mkconfig.load(config_file, site_dir=str(tmp))  # parsed once per worker
        plugin = cfg.plugins.get("ipforms")
        if not isinstance(plugin, IpformsPlugin):
            raise MkDocsException(f"{config_file}: the plugin list has no '- ipforms'")
        plugin.settings = BuildSettings(kommune=slug, cache_dir=cache_dir,
                                        fresh_site_dir=True)
        mkdocs_build(cfg)
        _swap_in(tmp, target)
        ok, error = True, None
    except (Abort, MkDocsException, SystemExit, OSError) as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        detail = [m.strip() for m in collect.messages
                  if m.strip() and not m.startswith("Error reading page")] or [str(exc)]
        ok, error = False, "; ".join(dict.fromkeys(detail))
    except Exception as exc:  # a bug, but a build error must never leave a half site
        shutil.rmtree(tmp, ignore_errors=True)
        ok, error = False, f"internal error ({type(exc).__name__}: {exc})"
    finally:
        mk_log.removeHandler(collect)
    return BuildResult(slug, ok, time.perf_counter() - t0, target, error,
                       render.RENDER_SECONDS[0] - render_before)


@contextlib.contextmanager
def _environment_kept() -> Iterator[None]:
    """Give the caller its environment back: settings reach the plugin on the plugin
    object, but mkdocs-material sets NO_MKDOCS_2_WARNING in os.environ when imported."""
    saved = dict(os.environ)
    try:
        yield
    finally:
        if dict(os.environ) != saved:
            os.environ.clear()
            os.environ.update(saved)


#: how often a run of builds moved what its first build left behind out of the cyclic
#: garbage collector's reach (tests/test_build_work.py)
FROZEN = [0]


@contextlib.contextmanager
def _kept_out_of_gc() -> Iterator[Callable[[], None]]:
    """A run's ``freeze()``: what the first build made and keeps for the others (imports,
    compiled templates, blank forms, the memos of page shapes) is moved out of the cyclic
    garbage collector's reach, so that its full collections do not walk it again and
    again (and a forked worker does not copy the pages they would touch); garbage is
    still freed when its last reference goes.  Given back to the collector when the run
    ends, in this process (a worker ends with its pool)."""
    frozen: list[bool] = []

    def freeze() -> None:
        if not frozen and gc.isenabled():
            gc.freeze()
            frozen.append(True)
            FROZEN[0] += 1
    try:
        yield freeze
    finally:
        if frozen:
            gc.unfreeze()


def _quiet_worker() -> None:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    logging.getLogger("mkdocs").setLevel(logging.WARNING)


def build_sites(*, root: Path = Path("."), slugs: list[str] | None = None,
                out_dir: Path | None = None, jobs: int | None = None,
                config_file: Path | None = None, cache_dir: Path | None = None,
                progress: Callable[[str], None] | None = None,
                warn: Callable[[str], None] | None = None) -> list[BuildResult]:
    """Build ``site/<slug>/`` for each municipality (default: all of them).

    Raises :class:`DataError` before anything is written when a data file is bad,
    and :class:`BuildError` after the run when any site failed to build (the
    failed ones keep their previous site).  ``warn`` gets one line per municipality
    whose data still carries example values.
    """
    root = Path(root)
    config_file = Path(config_file or root / "mkdocs.yml")
    # a relative OUT is where the user is, not inside the project (mkdocs reads a relative
    # site_dir against the folder of mkdocs.yml)
    out_dir = Path(out_dir or root / "site").absolute()
    if not config_file.is_file():
        raise BuildError(f"{config_file}: no mkdocs configuration here",
                         hint="run ipforms build from the project folder, or give --config")
    unfolds = yaml_unfolds(read_text(config_file, lambda msg, file: BuildError(f"{file}: {msg}"),
                                     limit=DATA_LIMIT))
    if unfolds:  # mkdocs would unfold the aliases and never finish
        raise BuildError(f"{config_file}:{unfolds[0]}: its YAML aliases (*name) unfold into "
                         f"{unfolds[1]:,} values", hint="write the values out; a site's "
                         "mkdocs.yml needs a few hundred")
    warnings: list[str] = []
    names = check_data(root / "data" / "municipalities", slugs, warnings)
    from .thirdlang import build_warnings  # a third language left out, and why
    warnings += build_warnings(root, root / "data" / "municipalities", names)
    if warn is not None:
        for line in warnings:
            warn(line)
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(names)))
    progress = progress or (lambda line: None)
    results: list[BuildResult] = []

    def report(i: int, r: BuildResult) -> None:
        state = f"built in {r.seconds:.1f} s -> {r.out}/" if r.ok else f"FAILED: {r.error}"
        progress(f"[{i}/{len(names)}] {r.slug}: {state}")

    from . import filememo, themecache
    themecache.new_run()  # before the workers fork: templates edited since are read again
    filememo.new_run()
    with _environment_kept(), _kept_out_of_gc() as freeze:
        _quiet_worker()
        if jobs == 1:
            for i, slug in enumerate(names, 1):
                r = build_one(slug, out_dir, config_file, cache_dir)
                results.append(r)
                report(i, r)
                freeze()
        else:
            # the first site is built here, before the pool forks: the workers start with
            # what a first build loads and makes (imports, form definitions, blank forms,
            # compiled templates) instead of each making it again (copy-on-write)
            r = build_one(names[0], out_dir, config_file, cache_dir)
            results.append(r)
            report(1, r)
            rest = names[1:]
            freeze()
            with ProcessPoolExecutor(max_workers=min(jobs, len(rest)),
                                     initializer=_quiet_worker) as pool:
                futs = [pool.submit(build_one, s, out_dir, config_file, cache_dir) for s in rest]
                for i, fut in enumerate(as_completed(futs), 2):
                    r = fut.result()
                    results.append(r)
                    report(i, r)
    failed = [r for r in results if not r.ok]
    if failed:
        raise BuildError(
            f"{len(failed)} of {len(names)} site(s) failed to build: "
            + "; ".join(f"{r.slug}: {r.error}" for r in failed)
            + " (their previous sites were left as they were)")
    return sorted(results, key=lambda r: names.index(r.slug))
