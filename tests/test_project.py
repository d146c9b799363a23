"""``ipforms new``: the project skeleton (the wheel round trip is in test_install.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from string import Template

import pytest
import yaml
from click.testing import CliRunner

from ipforms.cli import main
from ipforms.core.municipality import load_municipality
from ipforms.core.errors import ProjectError
from ipforms.site.project import SKELETON, new_project

REPO = Path(__file__).resolve().parent.parent


def test_new_project_data_file_is_valid_and_marked_as_example(tmp_path):
    written = new_project(tmp_path / "nord-vik", name="Nord-Vik: kommune", today=dt.date(2026, 11, 2))
    data = tmp_path / "nord-vik" / "data" / "municipalities" / "nord-vik.yml"
    assert data in written
    m = load_municipality(data)
    assert m.name("nb") == m.name("nn") == "Nord-Vik: kommune"  # a colon stays text
    assert m.unit.postal_address.place == "Nord-Vik"
    assert m.last_reviewed == dt.date(2026, 11, 2)
    assert set(m.services) == {"individuell-plan", "koordinator", "barnekoordinator"}
    assert "unit.phone" in m.example_fields and "kommunenummer" in m.example_fields
    config = yaml.safe_load((tmp_path / "nord-vik" / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["docs_dir"] == "content" and config["site_name"] == "Nord-Vik: kommune"


@pytest.mark.parametrize("folder", ["Nordvik", "nord_vik", "nord--vik"])
def test_a_folder_name_that_is_no_slug_needs_slug(tmp_path, folder):
    with pytest.raises(ProjectError) as exc:
        new_project(tmp_path / folder)
    assert "--slug" in (exc.value.hint or "")
    assert not (tmp_path / folder).exists()
    new_project(tmp_path / folder, slug="nordvik")
    assert (tmp_path / folder / "data" / "municipalities" / "nordvik.yml").is_file()


def test_cli_new_into_an_empty_folder(tmp_path):
    (tmp_path / "nordvik").mkdir()
    r = CliRunner().invoke(main, ["new", str(tmp_path / "nordvik")])
    assert r.exit_code == 0, r.output
    assert (tmp_path / "nordvik" / "content" / "README.md").is_file()


def test_project_mkdocs_yml_matches_the_demo():
    """The demo's configuration and the one `ipforms new` writes differ only where a
    project is its own: its name and its content folder."""
    demo = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    text = Template((SKELETON / "mkdocs.yml").read_text(encoding="utf-8"))
    project = yaml.safe_load(text.substitute(name_nb="X", name_nb_q='"X"', slug="x", version="0",
                                                   standard="nn", other="nb"))
    for key in ("site_name", "docs_dir"):
        demo.pop(key), project.pop(key)
    assert demo == project
