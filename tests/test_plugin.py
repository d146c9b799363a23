"""The mkdocs plugin's choice of municipality (for `mkdocs serve` / `mkdocs build`)."""

from __future__ import annotations

import pytest

from ipforms.core.errors import IpformsError
from ipforms.site.config import ENV_KOMMUNE, choose_kommune
from sitetree import TESTBY


@pytest.fixture
def data_dir(tmp_path):
    d = tmp_path / "data"
    d.mkdir()
    for slug in ("bby", "aby"):
        (d / f"{slug}.yml").write_text(TESTBY, encoding="utf-8")
    return d


def test_default_is_the_first_by_name(data_dir, monkeypatch):
    monkeypatch.delenv(ENV_KOMMUNE, raising=False)
    assert choose_kommune(None, data_dir).stem == "aby"


def test_plugin_option_then_environment_wins(data_dir, monkeypatch):
    monkeypatch.delenv(ENV_KOMMUNE, raising=False)
    assert choose_kommune("bby", data_dir).stem == "bby"
    monkeypatch.setenv(ENV_KOMMUNE, "aby")
    assert choose_kommune("bby", data_dir).stem == "aby"


def test_unknown_kommune_names_the_file_and_the_known_ones(data_dir, monkeypatch):
    monkeypatch.setenv(ENV_KOMMUNE, "cby")
    with pytest.raises(IpformsError) as exc:
        choose_kommune(None, data_dir)
    assert str(exc.value) == f"{data_dir / 'cby.yml'}: no data file for kommune 'cby'"
    assert exc.value.hint == "known: aby, bby"
