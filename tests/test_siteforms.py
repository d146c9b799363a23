"""site_forms(): the prefilled forms the build publishes beside the pages."""

from __future__ import annotations

import io

import pytest

from ipforms.forms.acroform import FF_READONLY, read_fields
from ipforms.site.siteforms import site_forms

from pdfcheck import (blank, changed_pixels, municipality,
                      render, widget_boxes)


@pytest.fixture()
def cache(form_cache):
    for f in ("soknad", "fullmakt"):
        for lang in ("nb", "nn"):
            blank(form_cache, f, lang)
    return form_cache


@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_paths_and_ticked_service(cache, lang):
    m = municipality()
    out = site_forms(m, lang, cache)
    # all three services, always (helse- og omsorgstjenesteloven §§ 7-1, 7-2, 7-2 a)
    assert sorted(out) == sorted([f"skjema/soknad-{lang}.pdf",
                                  f"skjema/soknad-individuell-plan-{lang}.pdf",
                                  f"skjema/soknad-koordinator-{lang}.pdf",
                                  f"skjema/soknad-barnekoordinator-{lang}.pdf",
                                  f"skjema/fullmakt-{lang}.pdf"])
    ticked = {
        f"skjema/soknad-{lang}.pdf": set(),
        f"skjema/soknad-individuell-plan-{lang}.pdf": {"service_ip"},
        f"skjema/soknad-koordinator-{lang}.pdf": {"service_koordinator"},
        f"skjema/soknad-barnekoordinator-{lang}.pdf": {"service_barnekoordinator"},
    }
    unit = {"nb": "Tildelingsenheten", "nn": "Tildelingseininga"}[lang]
    for path, want in ticked.items():
        found = {f.name: f for f in read_fields(out[path])}
        on = {n for n in ("service_ip", "service_koordinator", "service_barnekoordinator")
              if found[n].value == "on"}
        assert on == want
        assert found["municipality_unit"].value == unit
        assert found["municipality_address"].value == "Postboks 7, 9990 Åsvik"
        assert found["municipality_email"].value == "postmottak@asvik.kommune.no"
        assert found["municipality_name"].flags & FF_READONLY
        assert found["person_name"].value == ""
    # the blank fullmakt with one update: no values, /NeedAppearances off (what the online
    # form fills in is shown from its own appearance streams, Sámi letters too)
    fm = out[f"skjema/fullmakt-{lang}.pdf"]
    assert fm.startswith(blank(cache, "fullmakt", lang))
    assert all(not f.value for f in read_fields(fm) if f.kind == "text")
    from pypdf import PdfReader
    assert PdfReader(io.BytesIO(fm)).trailer["/Root"]["/AcroForm"]["/NeedAppearances"].value is False


def test_prefilled_address_and_tick_show_when_rendered(cache, tmp_path):
    out = site_forms(municipality(), "nn", cache)
    pdf = tmp_path / "k.pdf"
    pdf.write_bytes(out["skjema/soknad-koordinator-nn.pdf"])
    b = tmp_path / "b.pdf"
    b.write_bytes(blank(cache, "soknad", "nn"))
    for engine in ("poppler", "mupdf"):
        before, after = render(b, 1, engine, tmp_path), render(pdf, 1, engine, tmp_path)
        for name in ("municipality_address", "municipality_unit", "service_koordinator"):
            (_, rect), = widget_boxes(pdf, name)
            assert changed_pixels(before, after, rect, after.height) > 8, (engine, name)
        (_, rect), = widget_boxes(pdf, "service_ip")
        assert changed_pixels(before, after, rect, after.height) == 0


def test_unknown_language(cache):
    from ipforms.core.errors import FormError

    with pytest.raises(FormError, match="unknown language 'xx'"):
        site_forms(municipality(), "xx", cache)
    # a third language only for a municipality that has its own texts in it
    with pytest.raises(FormError, match="unknown language 'se' for"):
        site_forms(municipality(), "se", cache)
