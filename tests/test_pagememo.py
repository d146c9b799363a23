"""Page templates made from their shape's skeleton (``ipforms.site.pagememo``) are exactly
the pages of the ordinary render: hostile and unusual values (markup, ``&``, quotes,
Jinja braces, Sámi letters, very long strings, digits alone, empty values), a value the
template compares, filters or loops over, values that change the page's branches and
loops' lengths; and template attacks are the same errors, every time."""

from __future__ import annotations

import copy
import os
from pathlib import Path

import pytest

from ipforms.core.errors import TemplateError
from ipforms.core.municipality import load_municipality
from ipforms.dev import hostile_site as hs
from ipforms.site import pagememo, pages, render
from ipforms.site.escape import md_link

REPO = Path(__file__).resolve().parents[1]

PAGE = ("# {{ municipality.name }}\n\n{% include '_partials/p.md' %}\n"
        "{% if unit.name == 'Spesial' %}Spesial!{% endif %} {{ unit.name|upper }}\n\n"
        "{% for line in unit.postal_lines %}{{ line }}{% if not loop.last %}<br>\n"
        "{% endif %}{% endfor %}\n\n"
        "{% if channels.phone %}Ring {{ channels.phone.link }} ({{ channels.phone.opening_hours }})"
        "{% else %}Skriv til {{ unit.name }}{% endif %}\n\n"
        "{{ law('pbrl', '2-5') }} {{ form_link('koordinator', 'Skjema for ' ~ page) }}\n\n"
        "{% set service = 'koordinator' %}{{ who_signs(service) }}\n\n"
        "*Sist oppdatert: {{ last_reviewed }}* {{ local }} {{ complaint_body }}\n")
PARTIAL = ("Kontakt: **{{ unit.name }}**, {{ unit.postal_address }}, {{ email_link }}"
           "{% if contact_person %}, {{ contact_person.role }}{% endif %}"
           "{% if not privacy %} (ingen personvernside){% endif %}\n")

VALUES = [
    "Koordinerende enhet",
    "<script>alert('x')</script> & \"sitat\" 'apostrof'",
    "Čáhcesuolu {{ municipality.name }} {% if x %}",
    "A*B_C #1 [x](javascript:y) \\ sjø &amp; &#x41;",
    "Lang " + "veldig " * 3000 + "enhet",
    "2024",
    "1. punkt",
    "Spesial",
    "",
]


def _renderer(tmp_path: Path, page: str = PAGE) -> render.Renderer:
    nb = tmp_path / "content" / "nb"
    (nb / "_partials").mkdir(parents=True)
    (nb / "index.md").write_text(page, encoding="utf-8")
    (nb / "_partials" / "p.md").write_text(PARTIAL, encoding="utf-8")
    return render.Renderer([tmp_path / "content"], "nb")


def _contexts():
    m = load_municipality(REPO / "data" / "municipalities" / "oyer.yml")
    base = pages.context(m, "nb", "index")
    for i, value in enumerate(VALUES):
        for variant in range(3):
            ctx = copy.deepcopy(base)
            ctx["unit"].name = value
            ctx["municipality"].name = VALUES[-1 - i] or "x"
            ctx["unit"].postal_lines = [value, "2636 Øyer", "c/o " + value][:variant + 1]
            ctx["last_reviewed"] = value
            ctx["complaint_body"] = value if variant else None
            ctx["email_link"] = md_link(value or "e", "mailto:post@oyer.kommune.no")
            if variant == 2:
                ctx["channels"].phone = None
                ctx["contact_person"] = None
            yield ctx


def test_pages_from_skeletons_are_the_ordinary_pages(tmp_path):
    r = _renderer(tmp_path)
    source = PAGE
    pagememo._ENTRIES.clear()
    filled = pagememo.FILLED[0]
    for ctx in list(_contexts()) * 3:
        want = render.Renderer([tmp_path / "content"], "nb")._skeleton("index.md", ctx, source)
        assert r.render_skeleton("index.md", ctx, source=source) == want
    assert pagememo.FILLED[0] - filled >= len(VALUES) * 3  # the cut is there


def test_a_template_attack_is_the_same_error_every_time(tmp_path):
    m = load_municipality(REPO / "data" / "municipalities" / "oyer.yml")
    ctx = pages.context(m, "nb", "index")
    for case in hs.TEMPLATES:
        source = "# Side\n\n{{ unit.name }}\n" + case.source + "\n"
        r = _renderer(tmp_path / case.name, source)
        for _ in range(4):
            with pytest.raises(TemplateError) as err:
                r.render_skeleton("index.md", ctx, source=source)
            assert case.error in str(err.value), case.name


def test_a_partial_changed_is_read_again(tmp_path):
    """A partial edited between two builds (mkdocs serve): its pages follow it, branches
    and values that it now reads included."""
    r = _renderer(tmp_path)
    ctx = next(_contexts())
    for _ in range(3):
        r.render_skeleton("index.md", ctx, source=PAGE)
    partial = tmp_path / "content" / "nb" / "_partials" / "p.md"
    partial.write_text("Ny: {% if unit.name == 'x' %}x{% endif %}{{ unit.opening_hours }}\n",
                       encoding="utf-8")
    os.utime(partial, (1, 1))
    r.loader.epoch += 1  # a new build (ipforms.site.render.renderer)
    for i in range(5):
        ctx = copy.deepcopy(ctx)
        ctx["unit"].opening_hours = f"kl. {i}"
        got = r.render_skeleton("index.md", ctx, source=PAGE)
        assert got == render.Renderer([tmp_path / "content"], "nb")._skeleton("index.md", ctx, PAGE)
        assert "Ny: kl\\. " + str(i) in got[0]
