"""The fixed cost of a site build cut without changing what is built: mkdocs.yml parsed
once per worker (site.mkconfig), the static files copied from memory (site.staticcopy),
files written straight into a new build folder (core.files.write_new)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from mkdocs.config import load_config

from ipforms.core.files import atomic_write, write_new
from ipforms.site import mkconfig, staticcopy

from sitetree import REPO

HOSTILE = "<script>alert('&amp;')</script> \"{{ x }}\" Áltá Guovdageaidnu ŋ ŧ " + "æøå" * 500


def _config(tmp_path: Path, extra: str = "") -> Path:
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("site_name: ipforms", f"site_name: {HOSTILE!r}".replace("\\'", "''"))
    path = tmp_path / "mkdocs.yml"
    path.write_text(text + extra, encoding="utf-8")
    (tmp_path / "content").symlink_to(REPO / "content")
    return path


def _plain(cfg) -> dict:
    return {k: repr(v) for k, v in cfg.items() if k not in ("plugins", "theme", "markdown_extensions",
                                                            "mdx_configs")}


def test_mkdocs_yml_read_once_gives_what_mkdocs_reads(tmp_path, monkeypatch):
    monkeypatch.setattr(mkconfig, "_PARSED", {})
    path = _config(tmp_path)
    before = mkconfig.PARSES[0]
    theirs = load_config(str(path), site_dir=str(tmp_path / "a"))
    for _ in range(3):
        ours = mkconfig.load(path, site_dir=str(tmp_path / "a"))
        assert _plain(ours) == _plain(theirs)
        assert ours["site_name"] == theirs["site_name"] == HOSTILE
        assert list(ours["plugins"]) == list(theirs["plugins"])
        assert ours["mdx_configs"] == theirs["mdx_configs"]
    assert mkconfig.PARSES[0] - before == 1
    # each build its own copy: what one build changes, the next does not see
    ours["extra"]["changed"] = True
    assert "changed" not in mkconfig.load(path, site_dir=str(tmp_path / "a"))["extra"]
    # an edited file is read again
    path.write_text(path.read_text(encoding="utf-8").replace("strict: true", "strict: false"),
                    encoding="utf-8")
    assert mkconfig.load(path, site_dir=str(tmp_path / "a"))["strict"] is False


def test_mkdocs_yml_with_env_values_is_read_every_time(tmp_path, monkeypatch):
    monkeypatch.setattr(mkconfig, "_PARSED", {})
    path = _config(tmp_path, "\ncopyright: !ENV [IPFORMS_TEST_COPYRIGHT, 'none']\n")
    monkeypatch.setenv("IPFORMS_TEST_COPYRIGHT", "first")
    assert mkconfig.load(path, site_dir=str(tmp_path / "a"))["copyright"] == "first"
    monkeypatch.setenv("IPFORMS_TEST_COPYRIGHT", "second")
    assert mkconfig.load(path, site_dir=str(tmp_path / "a"))["copyright"] == "second"
    assert mkconfig._PARSED == {}


class _File:
    def __init__(self, src: Path, dest: Path):
        self.abs_src_path, self.abs_dest_path, self._content = str(src), str(dest), None
        self.fallbacks = 0

    def copy_file(self, dirty: bool = False) -> None:
        self.fallbacks += 1
        os.makedirs(os.path.dirname(self.abs_dest_path), exist_ok=True)
        Path(self.abs_dest_path).write_bytes(Path(self.abs_src_path).read_bytes())


def test_static_files_from_memory_are_the_files(tmp_path, monkeypatch):
    monkeypatch.setattr(staticcopy, "_BYTES", {})
    src = tmp_path / "a.js"
    src.write_bytes(b"\x00\xff" * 1000)
    made: set[str] = set()
    for i in range(2):
        f = _File(src, tmp_path / f"site{i}" / "assets" / "a.js")
        staticcopy.copier(f, made)()
        out = Path(f.abs_dest_path)
        assert out.read_bytes() == src.read_bytes() and f.fallbacks == 0
        assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~_umask()
        assert out.stat().st_nlink == 1  # a file of its own
    src.write_bytes(b"changed")  # a changed source is read again
    f = _File(src, tmp_path / "site2" / "a.js")
    staticcopy.copier(f, made)()
    assert Path(f.abs_dest_path).read_bytes() == b"changed"
    # a destination that is there already, and a dirty build: mkdocs' way
    f = _File(src, tmp_path / "site2" / "a.js")
    staticcopy.copier(f, made)()
    staticcopy.copier(f, made)(True)
    assert f.fallbacks == 2


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_write_new_gives_what_atomic_write_gives(tmp_path):
    atomic_write(tmp_path / "a", HOSTILE)
    write_new(tmp_path / "b", HOSTILE)
    assert (tmp_path / "a").read_bytes() == (tmp_path / "b").read_bytes()
    assert (tmp_path / "a").stat().st_mode == (tmp_path / "b").stat().st_mode
    # a file that is there already is replaced atomically, keeping its permission bits
    os.chmod(tmp_path / "b", 0o640)
    write_new(tmp_path / "b", b"new")
    assert (tmp_path / "b").read_bytes() == b"new"
    assert stat.S_IMODE((tmp_path / "b").stat().st_mode) & 0o640 == 0o640
