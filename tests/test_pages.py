"""Rendering templates: placeholders, helpers, escaping and errors with file and line."""

from __future__ import annotations

import pytest
import yaml

from ipforms.core.errors import TemplateError
from ipforms.core.municipality import parse_municipality
from ipforms.site.escape import md_escape
from ipforms.site.pages import FormFile, context
from ipforms.site.render import Renderer

from pathlib import Path

MINIMAL = (Path(__file__).parent / "fixtures" / "testby.yml").read_text(encoding="utf-8")


def muni(**changes):
    raw = yaml.safe_load(MINIMAL)
    raw.update(changes)
    return parse_municipality(raw, slug="testby")


def render(tmp_path, text, lang="nb", m=None, page="koordinator", forms=None, page_url="koordinator/"):
    (tmp_path / lang).mkdir(exist_ok=True)
    (tmp_path / lang / f"{page}.md").write_text(text, encoding="utf-8")
    ctx = context(m or muni(), lang, page, page_url=page_url, forms=forms)
    return Renderer([tmp_path], lang).render(f"{page}.md", ctx)


def test_values_follow_the_page_language(tmp_path):
    tpl = "{{ unit.name }} | {{ complaint_body }} | {{ last_reviewed }}"
    assert render(tmp_path, tpl, "nb") == ("Koordinerende enhet | Statsforvalteren i Testfylke | "
                                           "1\\. november 2026")
    assert render(tmp_path, tpl, "nn") == ("Koordinerande eining | Statsforvaltaren i Testfylke | "
                                           "1\\. november 2026")


def test_law_links_to_lovdata_in_each_standard(tmp_path):
    nb = render(tmp_path, '{{ law("pbrl", "2-5 c") }}', "nb")
    nn = render(tmp_path, '{{ law("hol", "7-2 a") }}', "nn")
    assert nb == "[pasient\\- og brukerrettighetsloven § 2\\-5 c](<https://lovdata.no/lov/1999-07-02-63/%C2%A72-5c>)"
    assert nn == "[helse\\- og omsorgstenestelova § 7\\-2 a](<https://lovdata.no/lov/2011-06-24-30/%C2%A77-2a>)"


def test_form_link_has_size_label_from_the_file(tmp_path):
    forms = {"koordinator": FormFile("skjema/soknad-koordinator-nn.pdf", 99_328)}
    out = render(tmp_path, '{{ form_link("koordinator", "Last ned skjemaet") }}', "nn",
                 forms=forms, page_url="nn/koordinator/")
    assert out == ('<a href="../../skjema/soknad-koordinator-nn.pdf" type="application/pdf" '
                   'hreflang="nn" class="ipforms-form-link">Last ned skjemaet \\(PDF, 97 kB\\)</a>'
                   ' · <a href="../../skjema/soknad-koordinator-nn.html" '
                   'class="ipforms-webform-link">Fyll ut på nettet</a>')  # the online form beside


def test_form_link_exists_for_every_service(tmp_path):
    for service in ("individuell-plan", "koordinator", "barnekoordinator"):
        out = render(tmp_path, f'{{{{ form_link("{service}", "x") }}}}', "nb", page_url="")
        assert f'href="skjema/soknad-{service}-nb.pdf"' in out


@pytest.mark.parametrize("evil", [
    "<script>alert(1)</script>",
    "[klikk](javascript:alert(1))",
    "x\n\n# overskrift",
    "{: onclick=alert(1) }",
    '"><img src=x onerror=alert(1)>',
])
def test_data_values_cannot_inject_markup(tmp_path, evil):
    import markdown
    raw = yaml.safe_load(MINIMAL)
    raw["unit"]["name"]["nb"] = evil
    m = parse_municipality(raw, slug="testby")
    md = render(tmp_path, "Send til {{ unit.name }}.", m=m)
    out = markdown.markdown(md, extensions=["attr_list"])
    assert "<script" not in out and "<img" not in out and "<h1" not in out
    assert "javascript:" not in out.split("href=")[-1] if "href=" in out else True
    assert "<a " not in out and "onclick=\"" not in out
    # the value is still shown, as text
    assert "alert" in out or "overskrift" in out


def test_md_escape_keeps_text_readable():
    import markdown
    for text in ["post@oyer.kommune.no", "Kongsvegen 325, 2636 Øyer", "08.00–15.00 (kl.)", "a_b*c*"]:
        assert markdown.markdown(md_escape(text)) == f"<p>{text}</p>"


def test_unknown_placeholder_names_file_and_line(tmp_path):
    with pytest.raises(TemplateError) as exc:
        render(tmp_path, "# Tittel\n\nTekst\n{{ unit.adresse }}\n", "nn")
    assert exc.value.file.endswith("nn/koordinator.md")
    assert exc.value.line == 4
    assert "'adresse' is not a known field" in str(exc.value)


def test_unknown_top_level_placeholder(tmp_path):
    with pytest.raises(TemplateError) as exc:
        render(tmp_path, "a\n{{ kommune }}\n")
    assert exc.value.line == 2
    assert "'kommune' is undefined" in str(exc.value)


def test_syntax_error_names_file_and_line(tmp_path):
    with pytest.raises(TemplateError) as exc:
        render(tmp_path, "a\nb\n{% for x in %}\nc\n{% endfor %}\n")
    assert exc.value.file.endswith("nb/koordinator.md")
    assert "template syntax" in str(exc.value)
    assert exc.value.line == 3


def test_error_in_partial_names_the_partial(tmp_path):
    (tmp_path / "nb" / "_partials").mkdir(parents=True)
    (tmp_path / "nb" / "_partials" / "kontakt.md").write_text("Ring\n{{ unit.telefon }}\n")
    with pytest.raises(TemplateError) as exc:
        render(tmp_path, 'x\n{% include "_partials/kontakt.md" %}\n')
    assert exc.value.file.endswith("_partials/kontakt.md")
    assert exc.value.line == 2


def test_local_markdown_keeps_markdown_but_not_html(tmp_path):
    m = muni(local={"koordinator": {"nb": "**Lokalt** <b>x</b>", "nn": "Lokalt"}})
    out = render(tmp_path, "{{ local }}", m=m)
    assert out == "**Lokalt** &lt;b&gt;x&lt;/b&gt;"


def test_collaboration_link(tmp_path):
    with_url = muni(collaboration={"name": {"nb": "BTI (Bedre tverrfaglig innsats)",
                                            "nn": "BTI (Betre tverrfagleg innsats)"},
                                   "url": "https://www.bedreinnsats.no/"})
    assert render(tmp_path, "{{ collaboration_link }}", "nn", m=with_url) == \
        "[BTI \\(Betre tverrfagleg innsats\\)](<https://www.bedreinnsats.no/>)"
    no_url = muni(collaboration={"name": {"nb": "BTI", "nn": "BTI"}})
    assert render(tmp_path, "{{ collaboration_link }}", m=no_url) == "BTI"
    assert render(tmp_path, "[{{ collaboration_link }}]", m=muni()) == "[]"
