"""What each part loads: the package loads lazily, ``validate`` never loads the site
part (mkdocs) or the PDF drawing (WeasyPrint), and the public API is complete.
Each check runs in a fresh interpreter, so nothing another test imported counts."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

import ipforms
from ipforms.dev.demo_applications import application, application_pdf

SITE_AND_DRAWING = {"mkdocs", "material", "mkdocs_static_i18n", "weasyprint"}


def loaded_after(code: str) -> set[str]:
    """Top-level packages loaded once ``code`` has run in a fresh interpreter."""
    probe = (f"{code}\nimport json, sys\n"
             "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))")
    r = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                       timeout=120)
    assert r.returncode == 0, r.stderr
    return set(json.loads(r.stdout.strip().splitlines()[-1]))


def test_import_ipforms_loads_no_dependency():
    heavy = SITE_AND_DRAWING | {"pydantic", "pypdf", "jinja2", "babel", "yaml", "click"}
    assert loaded_after("import ipforms") & heavy == set()


def test_version_loads_no_dependency_but_click():
    loaded = loaded_after("from ipforms.cli import main\n"
                          "try:\n    main(['--version'])\nexcept SystemExit:\n    pass")
    assert loaded & (SITE_AND_DRAWING | {"pydantic", "pypdf", "jinja2", "yaml"}) == set()


def test_validate_never_loads_mkdocs_or_weasyprint(tmp_path):
    pdf = tmp_path / "soknad.pdf"
    pdf.write_bytes(application_pdf(application(dt.date(2026, 11, 24))))
    loaded = loaded_after(
        "from ipforms.cli import main\n"
        f"try:\n    main(['validate', {str(pdf)!r}, '--received', '24.11.2026'])\n"
        "except SystemExit as e:\n    assert e.code == 0, e.code")
    assert "pypdf" in loaded  # it did check the file
    assert loaded & SITE_AND_DRAWING == set()


def test_validate_api_never_loads_mkdocs():
    loaded = loaded_after("import ipforms\nipforms.validate_file")
    assert "ipforms" in loaded and loaded & SITE_AND_DRAWING == set()


@pytest.mark.parametrize("name", ipforms.__all__)
def test_every_public_name_resolves(name):
    assert getattr(ipforms, name) is not None
    assert name in dir(ipforms)


def test_unknown_attribute_is_an_attribute_error():
    with pytest.raises(AttributeError, match="no attribute 'nonesuch'"):
        ipforms.nonesuch  # noqa: B018


def test_version_is_the_installed_distributions():
    from importlib.metadata import version

    assert ipforms.__version__ == version("ipforms")
    text = (Path(ipforms.__file__).parent / "_version.py").read_text(encoding="utf-8")
    assert f'__version__ = "{ipforms.__version__}"' in text
