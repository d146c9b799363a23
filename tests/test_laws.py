"""The laws in one place: every citation anywhere in the project (page templates, data
files, form definitions, report messages, the signing table) is in resources/laws.yml,
links go to the act on Lovdata (never a search), and the new forvaltningsloven is one
edit of the data file."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
import yaml

from ipforms.core import laws
from ipforms.core.errors import IpformsError

REPO = Path(__file__).resolve().parent.parent
SRC = REPO / "src" / "ipforms"


def _content_dir() -> Path:
    for d in (SRC / "site" / "content", REPO / "content"):
        if d.is_dir():
            return d
    raise AssertionError("no content folder")


def cited_files() -> list[Path]:
    """Every file that may cite the law (except laws.yml itself)."""
    files = sorted(_content_dir().rglob("*.md"))
    files += sorted((REPO / "data").rglob("*.yml")) + sorted((REPO / "data").rglob("*.md"))
    files += sorted((REPO / "forms").glob("*.yml"))
    # editor-messages.yml wraps ipforms' own messages about citations ("without §",
    # "{k} § {s} is not in laws.yml"): patterns, not citations
    files += sorted(p for p in (SRC / "resources").glob("*.yml")
                    if p.name not in ("laws.yml", "editor-messages.yml"))
    files += sorted((SRC / "forms" / "templates").glob("*"))
    return files


#: law("pbrl", "2-5 b") / law("ip-forskrift") in a page template
LAW_CALL = re.compile(r"""law\(\s*["']([\w-]+)["']\s*(?:,\s*["']([^"']+)["']\s*)?\)""")
#: {law:fvl:11 a} in a message or form text
LAW_REF = re.compile(r"\{law:([\w-]+)(?::([^{}]+))?\}")
#: [[pbrl 4-3]] in the signing table's phrases
TOKEN = re.compile(r"\[\[([\w-]+) ([^\]]+)\]\]")
#: law: [pbrl 4-3, fvl 12] in the signing table
TABLE_LAW = re.compile(r"\blaw:\s*\[([^\]]*)\]")
#: "forvaltningsloven § 12", "helse- og omsorgstjenesteloven §§ 7-1, 7-2 og 7-2 a"
SECTION_LIST = r"§§?\s*((?:\d+(?:-\d+)?(?:\s?[a-z])?\b)(?:(?:,\s*|\s+og\s+)\d+(?:-\d+)?(?:\s?[a-z])?\b)*)"


def _names() -> dict[str, str]:
    """Every way an act is named in text -> its key; forvaltningsloven -> the alias "fvl"."""
    data = laws.load()
    names: dict[str, str] = {}
    for key, act in data.acts.items():
        for name in (act.nb, act.nn, key):
            names[name.lower()] = key
    for alias, target in data.aliases.items():
        for name in (data.acts[target].nb, data.acts[target].nn, alias):
            names[name.lower()] = alias
    return names


def citations(text: str) -> tuple[list[tuple[str, str | None]], list[str]]:
    """(key, section) pairs cited in ``text``, and the "§" it holds that name no known act."""
    found: list[tuple[str, str | None]] = []
    for mo in LAW_CALL.finditer(text):
        found.append((mo.group(1), mo.group(2)))
    text = LAW_CALL.sub(" ", text)
    for mo in LAW_REF.finditer(text):  # {law:pbrl:2-5 c,4-4}: several sections of one act
        for section in (mo.group(2) or "").split(",") if mo.group(2) else [None]:
            found.append((mo.group(1), section.strip() if section else None))
    text = LAW_REF.sub(" ", text)
    for mo in TOKEN.finditer(text):  # [[pbrl 4-3]] in the signing table's phrases
        found.append((mo.group(1), mo.group(2)))
    text = TOKEN.sub(" ", text)
    for mo in TABLE_LAW.finditer(text):
        for item in mo.group(1).split(","):
            key, _, section = item.strip().partition(" ")
            found.append((key, section or None))
    text = TABLE_LAW.sub(" ", text)
    names = _names()
    name_re = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    for mo in re.finditer(rf"\b({name_re})\s+{SECTION_LIST}", text, flags=re.IGNORECASE):
        key = names[mo.group(1).lower()]
        for section in re.split(r",\s*|\s+og\s+", mo.group(2)):
            found.append((key, section))
    text = re.sub(rf"\b({name_re})\s+{SECTION_LIST}", " ", text, flags=re.IGNORECASE)
    stray = re.findall(r".{0,30}§.{0,20}", text)
    return found, stray


def test_the_finder_finds_each_kind_of_citation():
    found, stray = citations(
        '{{ law("pbrl", "2-5 b") }} {{ law("ip-forskrift") }} ({law:fvl:11 a}) ({law:pbrl:2-5,4-4}) '
        "[[vml 16]] law: [pbrl 4-3, fvl 12] helse- og omsorgstjenesteloven §§ 7-1, 7-2 og 7-2 a; "
        "pasient- og brukarrettslova § 4-3. Og en løs § 99 her.")
    assert found == [("pbrl", "2-5 b"), ("ip-forskrift", None), ("fvl", "11 a"),
                     ("pbrl", "2-5"), ("pbrl", "4-4"), ("vml", "16"), ("pbrl", "4-3"), ("fvl", "12"),
                     ("hol", "7-1"), ("hol", "7-2"),
                     ("hol", "7-2 a"), ("pbrl", "4-3")]
    assert len(stray) == 1 and "§ 99" in stray[0]


@pytest.mark.parametrize("path", cited_files(), ids=lambda p: str(p.relative_to(REPO)))
def test_every_citation_is_in_the_laws_file(path):
    text = path.read_text(encoding="utf-8")
    found, stray = citations(text)
    problems = []
    for key, section in found:
        try:
            laws.load().resolve(key, section)
        except IpformsError as exc:
            problems.append(str(exc))
    assert not stray, f"{path}: '§' without a known act (cite through laws.yml): {stray}"
    assert not problems, f"{path}: " + "; ".join(problems)


def test_messages_and_forms_cite_through_the_laws_file():
    """A citation typed by hand in a text a person reads would not follow an edit of
    laws.yml (the new forvaltningsloven): messages and form texts use {law:...}."""
    texts = {p: yaml.safe_load(p.read_text(encoding="utf-8")) for p in
             [SRC / "resources" / "messages.yml", *(REPO / "forms").glob("*.yml")]}

    def strings(obj):
        if isinstance(obj, str):
            yield obj
        elif isinstance(obj, dict):
            for v in obj.values():
                yield from strings(v)
        elif isinstance(obj, list):
            for v in obj:
                yield from strings(v)

    typed = [(p.name, s) for p, data in texts.items() for s in strings(data)
             if "§" in LAW_REF.sub("", s)]
    assert not typed, typed


def test_unknown_act_and_section_are_errors_that_point_at_the_file():
    with pytest.raises(IpformsError, match="unknown law 'xyz'.*laws.yml"):
        laws.cite("xyz", None, "nb")
    with pytest.raises(IpformsError, match=r"pbrl § 99-9 is not in laws.yml"):
        laws.cite("pbrl", "99-9", "nb")


def test_every_act_links_to_itself_on_lovdata_with_its_id():
    for key, act in laws.load().acts.items():
        assert act.id and act.url, key
        assert "sok" not in act.url and "?" not in act.url, f"{key}: a search, not the act"
        kind = "lov" if act.kind == "lov" else "forskrift"
        assert act.id.startswith({"lov": "LOV-", "forskrift": "FOR-"}[kind]), key
        assert act.url == f"https://lovdata.no/{kind}/{act.id[4:]}", key
        assert act.nb and act.nn, key


def test_regulations_have_their_current_names_and_ids():
    """forskrift 22. juni 2022 nr. 1110 (in force 1 August 2022) took individuell plan out
    of the habilitering regulation and renamed it (§ 13)."""
    ip = laws.load().acts["ip-forskrift"]
    assert (ip.id, ip.nb) == ("FOR-2022-06-22-1110",
                              "forskrift om individuell plan ved ytelse av velferdstjenester")
    hab = laws.load().acts["hab-forskrift"]
    assert hab.id == "FOR-2011-12-16-1256"
    assert hab.nb == "forskrift om habilitering, rehabilitering og koordinator"
    assert "individuell plan" not in hab.nb + hab.nn


def test_fvl_follows_the_act_in_force():
    data = laws.load()
    assert data.aliases["fvl"] == "fvl-1967"
    assert laws.cite("fvl", "12", "nb") == ("forvaltningsloven § 12",
                                           "https://lovdata.no/lov/1967-02-10/%C2%A712")


def test_switching_to_the_new_forvaltningslov_is_one_edit(monkeypatch):
    """Prop. 79 L (2024–2025): when the new act enters into force, changing in_force.fvl
    moves every fvl citation of the project to the new act's sections."""
    data = laws.load()
    switched = dataclasses.replace(data, aliases={**data.aliases, "fvl": "fvl-2025"})
    monkeypatch.setattr(laws, "load", lambda: switched)
    cited = {section for path in cited_files()
             for key, section in citations(path.read_text(encoding="utf-8"))[0] if key == "fvl"}
    assert cited >= {"11 a", "12"}
    for section in cited:
        text, url = laws.cite("fvl", section, "nn")
        if section is None:  # the act itself (a late complaint, § 31 in the 1967 act)
            assert url == "https://lovdata.no/lov/2025-06-20-81" and text == "forvaltningslova"
            continue
        assert url.startswith("https://lovdata.no/lov/2025-06-20-81/"), (section, url)
        assert text.startswith("forvaltningslova § ")
    assert laws.cite("fvl", "11 a", "nb")[0] == "forvaltningsloven § 17"
    assert laws.cite("fvl", "12", "nb")[0] == "forvaltningsloven § 18"
    from ipforms.validation import messages
    assert "forvaltningsloven § 18" in messages.text("fullmakt.missing", "nb")
