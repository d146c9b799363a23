"""Pages made from a Markdown skeleton (``ipforms.site.mdcache``), with their search
entries (``ipforms.site.searchindex``), and page templates rendered with the memos of
``ipforms.site.pages`` and the sandbox, are exactly the pages of the ordinary path:
hostile and unusual values (markup, ``&``, quotes, Jinja braces, Sámi letters, long
strings, Markdown's own characters, a heading whose id another heading has) in
headings, lists, tables, code and raw HTML, and Material's page template around them
(``ipforms.site.chrome``: the site name, titles, table of contents in its skeleton;
the 404 page's, ``ipforms.site.notfound``),
built one after the other in one process (each later one from the skeletons) and each
alone with nothing cached."""

from __future__ import annotations

import filecmp
from pathlib import Path

import yaml

from ipforms.site import chrome, mdcache, searchindex
from ipforms.site.build import build_one

from sitetree import TESTBY, make

_LOCAL = {"nb": "## Mer fra Kollisjon\n\nLokal tekst.", "nn": "Lokal tekst på nynorsk."}

_BODY = {
    "index": ("{% if local %}## Mer fra {{ municipality.name }}\n\n{{ local }}\n\n{% endif %}"
              "## {{ unit.name }}\n\n"
              "### Om {{ municipality.name }} og {{ unit.name }}\n\n"
              "Ring {{ phone_link }} eller skriv til {{ email_link }}.\n\n"
              "## Slik søker du\n\nTekst.\n"),
    "individuell-plan": ("## Mer fra {{ municipality.name }}\n\n"
                         "    {{ unit.name }}\n\nKode: `{{ unit.name }}`\n"),
    "koordinator": ("## Om {{ unit.name }} {: #fast-id}\n\n"
                    "<div class=\"boks\">{{ unit.name }}</div>\n\n"
                    "*{{ unit.name }}* og _{{ municipality.name }}_\n\n"
                    "## {{ law('fvl', '12') }}\n"),
    "barnekoordinator": ("- {{ unit.name }}\n- {{ complaint_body }}: {{ law('fvl', '12') }}\n\n"
                         "| Enhet | Navn |\n|---|---|\n| {{ unit.name }} | {{ municipality.name }} |\n\n"
                         "!!! note \"{{ unit.name }}\"\n    {{ municipality.name }}\n\n"
                         "## Slik søker du\n\n{{ form_link('barnekoordinator', 'Skjema') }}\n"),
}
PAGES = {f"{lang}/{name}.md": f"# {name.capitalize()}\n\n{body}"
         for lang in ("nb", "nn") for name, body in _BODY.items()}

#: (municipality name, unit name) in nb and nn
NAMES = [
    ("Testby kommune", "Koordinerende enhet"),
    ("Andreby kommune", "<script>alert('x')</script> & \"sitat\" 'apostrof'"),
    ("Guovdageaidnu – Kautokeino suohkan", "Čáhcesuolu {{ municipality.name }} {% if x %}"),
    ("A*B_C #1 [x](y) \\ sjø", "AT&T &amp; &#x41; &copy; a;b& <b>fet</b>"),
    ("Kollisjon", "Slik søker du"),
    ("Lang " + "veldig " * 120 + "kommune", "Enhet\u00a0med\u00a0hardt\u00a0mellomrom"),
    ("«» – ’", "`kode` **fet** _kursiv_ \\*"),
    ("2024", "1. punkt"),
    ("Ærlig Øy Å kommune", "Enhet ---"),
]


def _data() -> dict[str, str]:
    base = yaml.safe_load(TESTBY)
    out = {}
    for i, (name, unit) in enumerate(NAMES):
        raw = yaml.safe_load(yaml.safe_dump(base))
        raw["name"] = {"nb": name, "nn": name}
        raw["unit"]["name"] = {"nb": unit, "nn": unit}
        raw["kommunenummer"] = f"{4000 + i:04d}"
        raw["written_standard"] = "nn" if i % 3 == 2 else "nb"
        if i % 2:
            raw["local"] = {"index": _LOCAL}
        out[f"k{i}"] = yaml.safe_dump(raw, allow_unicode=True)
    return out


def _no_forms(root: Path) -> None:
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  - ipforms\n", "  - ipforms:\n      forms: false\n"), encoding="utf-8")


def _forget() -> None:
    mdcache._ENTRIES.clear()
    chrome._ENTRIES.clear()


def _same_trees(a: Path, b: Path) -> list[str]:
    differ = []
    for path in sorted(p for p in a.rglob("*") if p.is_file()):
        other = b / path.relative_to(a)
        if not other.is_file() or not filecmp.cmp(path, other, shallow=False):
            differ.append(str(path.relative_to(a)))
    extra = {p.relative_to(b) for p in b.rglob("*") if p.is_file()} \
        - {p.relative_to(a) for p in a.rglob("*") if p.is_file()}
    return differ + sorted(map(str, extra))


def test_pages_from_skeletons_are_the_ordinary_pages(tmp_path):
    root = make(tmp_path, pages=PAGES, data=_data())
    _no_forms(root)
    config = root / "mkdocs.yml"
    _forget()
    start = searchindex.FROM_SKELETON[0]
    for slug in _data():  # one after the other: the later ones from the skeletons
        assert build_one(slug, tmp_path / "warm", config).ok
    from_skeletons = searchindex.FROM_SKELETON[0] - start
    cached = [e for e in mdcache._ENTRIES.values() if e is not None]
    chrome_kept = sum(e is not None for e in chrome._ENTRIES.values())
    not_found_kept = sum(e is not None for k, e in chrome._ENTRIES.items() if "404" in k)
    for slug in _data():  # each alone, nothing cached: the ordinary path
        _forget()
        assert build_one(slug, tmp_path / "cold", config).ok
    differ = _same_trees(tmp_path / "cold", tmp_path / "warm")
    assert not differ, differ
    # and the cache was used: headings with values, search entries from skeletons
    assert any(e.heads for e in cached)
    assert from_skeletons > 0
    assert chrome_kept > 0  # Material's page template from its skeletons
    assert not_found_kept > 0  # and the 404 page's (ipforms.site.notfound)


def _hostile_name(name: str) -> str:
    return (f"<script>alert('x')</script> & \"{name}\" 'a' {{{{ y }}}} {{% if x %}} &amp; "
            "Čáhcesuolu Ŋ ŧ đ ž – " + "lang " * 60)


def test_404_pages_from_skeletons_are_the_ordinary_ones(tmp_path, monkeypatch):
    """The 404 page from its shape's skeleton (ipforms.site.notfound) is the ordinary
    one, with site names the data check would refuse (markup, ``&``, quotes, Jinja
    braces, Sámi letters, a long one) put in where the 404 page is rendered."""
    from ipforms.site import notfound

    real = notfound.render

    def hostile(template, context, config, env):
        config["site_name"] = _hostile_name(config["site_name"])
        return real(template, context, config, env)

    monkeypatch.setattr(notfound, "render", hostile)
    data = dict(list(_data().items())[:5])
    root = make(tmp_path, pages=PAGES, data=data)
    _no_forms(root)
    config = root / "mkdocs.yml"
    _forget()
    start = notfound.RENDERS[0]
    for slug in data:
        assert build_one(slug, tmp_path / "warm", config).ok
    warm = notfound.RENDERS[0] - start
    shapes = sum(1 for k in chrome._ENTRIES if "404" in k)
    kept = sum(1 for k, e in chrome._ENTRIES.items() if "404" in k and e is not None)
    for slug in data:
        _forget()
        assert build_one(slug, tmp_path / "cold", config).ok
    assert not _same_trees(tmp_path / "cold", tmp_path / "warm")
    assert "&lt;script&gt;" in (tmp_path / "warm" / "k1" / "404.html").read_text(encoding="utf-8")
    # some of them from a skeleton: fewer renders than a page and its proof for each
    assert kept and shapes < len(data), (shapes, kept)
    assert warm <= 4 * shapes, warm
