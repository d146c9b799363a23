"""site_forms(): the prefilled forms the build publishes beside the pages."""

from __future__ import annotations

import io

import pytest

from ipforms.forms.acroform import FF_READONLY, read_fields
from ipforms.site.siteforms import site_forms

from pdfcheck import (MUNICIPALITY, blank, changed_pixels, municipality,
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


PRIVACY = {"dpo_email": "personvernombud@asvik.kommune.no",
           "retention": {"nb": "Søknaden blir arkivert.", "nn": "Søknaden blir arkivert."}}
#: municipality data that prefilling must treat exactly as fill_form does
ODD = [
    {},
    {"base_url": "https://www.asvik.kommune.no/ip/", "privacy": PRIVACY},
    {"base_url": "https://b.example.org/", "privacy": PRIVACY,
     "unit": {**MUNICIPALITY["unit"],
              "name": {"nb": "<script>x</script> & \"B\" 'C' {{ x }} {% y %}",
                       "nn": "Å & \"B\" 'C' {{ x }} (d) \\e"},
              "postal_address": {"street": "Postboks <7> & {{ x }}", "postcode": "9990",
                                 "place": "Åsvik"}}},
    {"base_url": "https://www.guovdageaidnu.kommune.no/", "privacy": PRIVACY,
     "name": {"nb": "Guovdageainnu suohkan", "nn": "Guovdageainnu suohkan"},
     "unit": {**MUNICIPALITY["unit"], "name": {"nb": "Čáhcesuolu ŋŧđž eining",
                                               "nn": "Áŋŋá Ŧ Čáhcesuolu"}}},
    # too long for its box: drawn smaller and cut, and said in the log
    {"base_url": "https://c.example.org/x/y/z/", "privacy": PRIVACY,
     "name": {"nb": "A" * 60, "nn": "Ø" * 60},
     "unit": {**MUNICIPALITY["unit"], "name": {"nb": "Enhet " * 13, "nn": "Eining \\ (x) " * 6}}},
]


@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_prefilled_forms_are_fill_forms_bytes(cache, lang, caplog, monkeypatch):
    """site_forms prefills each blank once per municipality and language and writes each
    service's application from the plain one's update (forms.prefill): byte for byte what
    fill_form writes, and the log says what it says (four times for a name too long for
    its box, once per application), for odd, Sámi and long values, with and without the
    privacy line, each municipality after another (as a build worker does)."""
    from ipforms.core.services import SERVICES
    from ipforms.forms import fill
    from ipforms.forms.fill import fill_form

    site_forms(municipality(), lang, cache)  # the boxes' objects taken from the blank
    fills = []
    apply = fill._apply
    monkeypatch.setattr(fill, "_apply", lambda *a, **k: fills.append(1) or apply(*a, **k))
    for i, changes in enumerate(ODD):
        m = municipality(f"k{i}", **changes)
        caplog.clear()
        fills.clear()
        out = site_forms(m, lang, cache)
        said = [r.getMessage() for r in caplog.records]
        # the application filled once, the power of attorney once; a fill that said
        # something in the log: each application filled as before (said again)
        assert len(fills) == (5 if said else 2), (i, len(fills), said)
        caplog.clear()
        soknad, fullmakt = blank(cache, "soknad", lang), blank(cache, "fullmakt", lang)
        want = {f"skjema/soknad-{lang}.pdf": fill_form("soknad", lang, municipality=m,
                                                       template=soknad)}
        for s in SERVICES:
            want[f"skjema/soknad-{s}-{lang}.pdf"] = fill_form(
                "soknad", lang, municipality=m, services=[s], template=soknad)
        want[f"skjema/fullmakt-{lang}.pdf"] = fill_form("fullmakt", lang, municipality=m,
                                                        template=fullmakt)
        assert out == want, (i, [p for p in want if out[p] != want[p]])
        assert said == [r.getMessage() for r in caplog.records], i
    assert len(said) >= 4  # the last one's name did not fit, in each application


def _bound_each(obj, reader):
    """pypdf_internals._bound as it was: a call for every object, leaves too."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    if isinstance(obj, IndirectObject):
        return IndirectObject(obj.idnum, obj.generation, reader)
    if isinstance(obj, DictionaryObject):
        return DictionaryObject({k: _bound_each(v, reader) for k, v in dict.items(obj)})
    if isinstance(obj, ArrayObject):
        return ArrayObject(_bound_each(v, reader) for v in obj)
    return obj


@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_prefilled_forms_are_those_of_the_ordinary_path(cache, lang, monkeypatch):
    """The shortcuts of a fill that do not depend on the values give the bytes the
    ordinary path gives, for odd, Sámi and long values and privacy addresses: a form with
    the privacy line opened with the first address's cross-reference moved
    (privacylink._remember_xref), objects parsed before copied with their leaves kept
    (pypdf_internals._bound), objects written by pdfbytes (text strings from a table)."""
    from ipforms.forms import incremental, privacylink, pypdf_internals

    site_forms(municipality(), lang, cache)
    ms = [municipality(f"k{i}", **changes) for i, changes in enumerate(ODD)]
    fast = [site_forms(m, lang, cache) for m in ms]

    def pypdf_bytes(obj) -> bytes:
        buf = io.BytesIO()
        obj.write_to_stream(buf)
        return buf.getvalue()
    monkeypatch.setattr(privacylink, "_remember_xref", lambda *a: None)
    monkeypatch.setattr(pypdf_internals, "_XREF", pypdf_internals._Recent(64))
    monkeypatch.setattr(pypdf_internals, "_bound", _bound_each)
    monkeypatch.setattr(incremental, "pdf_bytes", pypdf_bytes)
    for i, m in enumerate(ms):
        ordinary = site_forms(m, lang, cache)
        assert fast[i] == ordinary, (i, [p for p in ordinary if fast[i][p] != ordinary[p]])
