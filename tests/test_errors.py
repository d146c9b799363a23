"""The error contract: each error class declares its exit code and fields, the CLI
exits with ``err.exit_code``, and a fault of ours is an internal error, never a
verdict on a citizen's file."""

from __future__ import annotations

import datetime as dt
import inspect
import os

import pytest
from click.testing import CliRunner

from ipforms.cli import main
from ipforms.core import errors
from ipforms.core.errors import (BuildError, FnrError, FnrImplausible, FormError, InternalError,
                                 IpformsError, PdfInputError)
from ipforms.core.fnr import check, synthetic
from ipforms.dev.demo_applications import application, application_pdf

ERROR_CLASSES = [c for _, c in inspect.getmembers(errors, inspect.isclass)
                 if issubclass(c, IpformsError)]


@pytest.mark.parametrize("cls", ERROR_CLASSES, ids=lambda c: c.__name__)
def test_every_error_class_declares_its_exit_code(cls):
    assert "exit_code" in vars(cls) or cls is FnrImplausible  # inherits FnrError's on purpose
    assert cls.exit_code in (errors.EXIT_BAD_INPUT, errors.EXIT_BUILD_FAILED)


def test_exit_codes_as_documented():
    assert BuildError("x").exit_code == 3
    assert {c.exit_code for c in ERROR_CLASSES if c is not BuildError} == {2}


def test_pdf_input_error_takes_code_and_params_in_the_constructor():
    e = PdfInputError("too large", file="a.pdf", code="pdf.too_large", params={"size_kib": 9})
    assert (e.file, e.reason, e.code, e.params) == ("a.pdf", "too large", "pdf.too_large",
                                                    {"size_kib": 9})


def test_fnr_errors_are_told_apart_by_class():
    received = dt.date(2026, 11, 24)
    with pytest.raises(FnrError) as exc:
        check("15108695089", received)
    assert type(exc.value) is FnrError and "check digits" in str(exc.value)
    born_later = synthetic(dt.date(2026, 12, 1))  # valid number, born after receipt
    with pytest.raises(FnrImplausible) as exc:
        check(born_later, received)
    assert exc.value.birth == dt.date(2026, 12, 1)


def test_missing_form_definition_is_an_internal_error_not_a_damaged_pdf(tmp_path, monkeypatch):
    """The setup fault the wheel once had: validate must not blame the citizen's file."""
    pdf = tmp_path / "soknad.pdf"
    pdf.write_bytes(application_pdf(application(dt.date(2026, 11, 24))))
    monkeypatch.setenv("IPFORMS_FORMS_DIR", str(tmp_path / "no-forms-here"))
    for lang, damaged in (("nb", "skadet"), ("nn", "skadd")):
        r = CliRunner().invoke(main, ["validate", str(pdf), "--lang", lang])
        assert r.exit_code == 2, r.output
        assert "error: internal error: the form definition 'soknad' cannot be loaded" in r.output
        assert "hint:" in r.output
        assert damaged not in r.output.lower() and "KAN IKK" not in r.output


def test_a_bug_is_an_internal_error_with_where_not_a_traceback(tmp_path, monkeypatch):
    import ipforms.validation.rules as rules

    def broken(*args, **kwargs):
        raise KeyError("oops")
    monkeypatch.setattr(rules, "check_application", broken)
    monkeypatch.setattr("ipforms.validation.validate.check_application", broken)
    pdf = tmp_path / "soknad.pdf"
    pdf.write_bytes(application_pdf(application(dt.date(2026, 11, 24))))
    r = CliRunner().invoke(main, ["validate", str(pdf)])
    assert r.exit_code == 2
    assert "internal error" in r.output.lower() and "KeyError: 'oops'" in r.output
    assert "Traceback" not in r.output and "skadet" not in r.output


def test_a_bug_outside_validation_is_an_internal_error_with_where(monkeypatch, tmp_path):
    import ipforms.forms.answers as answers

    def broken(path):
        raise KeyError("oops")
    monkeypatch.setattr(answers, "load_answers", broken)
    (tmp_path / "svar.yml").write_text("person_name: Kari\n")
    r = CliRunner().invoke(main, ["fill", "soknad", "--data", str(tmp_path / "svar.yml"),
                                  "-o", str(tmp_path / "ut.pdf")])
    assert r.exit_code == 2
    assert "error: internal error: KeyError: 'oops' at test_errors.py:" in r.output
    assert "Traceback" not in r.output and not (tmp_path / "ut.pdf").exists()


def test_cli_exit_code_comes_from_the_error(monkeypatch):
    import ipforms.site.build as build

    def failing(**kwargs):
        raise BuildError("1 of 1 site(s) failed to build")
    monkeypatch.setattr(build, "build_sites", failing)
    r = CliRunner().invoke(main, ["build", "--no-check", "--lang", "en"])
    assert (r.exit_code, r.output.strip()) == (3, "error: 1 of 1 site(s) failed to build")


def test_internal_error_says_so():
    e = InternalError("the form definition 'soknad' cannot be loaded")
    assert str(e).startswith("internal error: ") and "fault in ipforms" in (e.hint or "")


def test_form_error_fields():
    e = FormError("too long", field="sign_place", file="x.yml")
    assert (e.field, e.file, e.reason, str(e)) == ("sign_place", "x.yml", "too long",
                                                   "x.yml: field 'sign_place': too long")


def test_build_leaves_the_environment_as_it_was(tmp_path, monkeypatch):
    from ipforms.site.build import build_sites
    from ipforms.site.config import ENV_KOMMUNE
    from sitetree import make

    root = make(tmp_path)
    # the preview's variable does not steer `ipforms build` (settings go to the plugin)
    monkeypatch.setenv(ENV_KOMMUNE, "elsewhere")
    before = dict(os.environ)
    build_sites(root=root, out_dir=tmp_path / "site", jobs=1)
    assert dict(os.environ) == before
    assert (tmp_path / "site" / "testby" / "index.html").is_file()
