"""The work of a site build that depends only on the blank forms is done once, not once
per municipality: counted, not timed (timings are in bench/build.py).

Every published form is a blank form prefilled with the municipality block, and the
online form carries a fill plan of each.  Reading a blank form's fields whole (pypdf:
the field tree, the pages' widgets, the object streams that hold them) takes a tenth of a
second; done per municipality, form and standard it made a build 20 times slower (issue
20).  This test builds several municipalities in one process and counts, after each one,
how often the blank forms were drawn (WeasyPrint), how often a form's fields were read
whole, and how often pypdf parsed an object stream: after the first municipality none of
these may grow.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader
from pypdf.generic import DictionaryObject, NameObject, StreamObject

from ipforms.forms import acroform, fill, pdfdraw, privacylink
from ipforms.forms.incremental import IncrementalUpdate
from ipforms.site.build import build_sites

from sitetree import TESTBY, make


def _counting(counts: dict[str, int], name: str, fn):
    def counted(*args, **kwargs):
        counts[name] += 1
        return fn(*args, **kwargs)
    return counted


def _watch(monkeypatch, counts: dict[str, int], name: str, owner, attr: str) -> None:
    """Count under ``name`` the calls of ``owner.attr`` (from 0)."""
    counts[name] = 0
    monkeypatch.setattr(owner, attr, _counting(counts, name, getattr(owner, attr)))


def _municipalities(n: int) -> dict[str, str]:
    """``n`` data files made from the test municipality, every other one with nynorsk at
    its root (so that both written standards come first in some build), each with its own
    site address and privacy page (whose address every form gets drawn in)."""
    base = yaml.safe_load(TESTBY)
    out = {}
    for i in range(n):
        raw = dict(base)
        raw["name"] = {"nb": f"Telleby {i}", "nn": f"Telleby {i}"}
        raw["kommunenummer"] = f"{3000 + i:04d}"
        raw["written_standard"] = "nn" if i % 2 else "nb"
        raw["base_url"] = f"https://www.telleby{i}.kommune.no/individuell-plan/"
        raw["privacy"] = {"dpo_email": f"personvernombud@telleby{i}.kommune.no",
                          "retention": {"nb": "Søknaden blir arkivert etter arkivloven.",
                                        "nn": "Søknaden blir arkivert etter arkivlova."}}
        out[f"telleby{i}"] = yaml.safe_dump(raw, allow_unicode=True)
    return out


@pytest.fixture
def counts(monkeypatch) -> dict[str, int]:
    counts = {"blank forms drawn": 0, "form fields read whole": 0,
              "object streams parsed": 0, "privacy slots found": 0,
              "theme entry points scanned": 0, "fullmakt pages walked for printing": 0,
              "theme environments made": 0, "content files read": 0,
              "interface language files run": 0, "fill plans read from a PDF": 0,
              "blank forms' files hashed": 0}
    monkeypatch.setattr(pdfdraw, "draw", _counting(counts, "blank forms drawn", pdfdraw.draw))
    # the key of a blank in the cache (its definition, template and code hashed): made
    # again only when one of those files changed (siteforms._blank), not 8 times a build
    monkeypatch.setattr(pdfdraw, "cache_key",
                        _counting(counts, "blank forms' files hashed", pdfdraw.cache_key))
    # acroform.fields ends every whole read of a form's fields with this walk over the
    # pages' widgets (whoever calls it, under whatever name it was imported)
    monkeypatch.setattr(acroform, "_standalone_radio_widgets",
                        _counting(counts, "form fields read whole",
                                  acroform._standalone_radio_widgets))
    # a form's bytes looked through for the privacy line (has it one already?): once per
    # blank, not for each municipality's forms and online forms
    counts["forms looked through for a privacy line"] = 0
    monkeypatch.setattr(privacylink, "_scan_mark",
                        _counting(counts, "forms looked through for a privacy line",
                                  privacylink._scan_mark))
    # the privacy line's place in a form (its structure tree walked): once per blank
    monkeypatch.setattr(privacylink, "_prepare",
                        _counting(counts, "privacy slots found", privacylink._prepare))
    # the fullmakt's pages to print after the application, walked and serialised whole
    from ipforms.site import fillplan
    monkeypatch.setattr(fillplan, "_page_import",
                        _counting(counts, "fullmakt pages walked for printing",
                                  fillplan._page_import))
    # a fill plan made with pypdf readers over the PDF (not carried over from a form of
    # the same shape: planmemo)
    monkeypatch.setattr(fillplan, "_make_plan",
                        _counting(counts, "fill plans read from a PDF", fillplan._make_plan))
    # mkdocs looks for installed themes (a scan of every package's entry points)
    import mkdocs.utils
    monkeypatch.setattr(mkdocs.utils, "entry_points",
                        _counting(counts, "theme entry points scanned", mkdocs.utils.entry_points))
    # a prefilled form's update writes objects of the blank that are the same for every
    # municipality (the catalog with the AcroForm, the page and structure tree the privacy
    # line changes): serialized once per blank, not once per form (forms.prefill)
    objects = IncrementalUpdate.objects

    def serialized(update, numbers=None):
        out = objects(update, numbers)
        for num in out:
            kind = str(update.changed[num][1].get("/Type", "")) \
                if isinstance(update.changed[num][1], DictionaryObject) else ""
            if kind in ("/Catalog", "/Page"):
                counts[f"{kind[1:].lower()} objects serialized"] += 1
        return out
    counts.update({"catalog objects serialized": 0, "page objects serialized": 0})
    monkeypatch.setattr(IncrementalUpdate, "objects", serialized)
    monkeypatch.setattr(PdfReader, "_get_object_from_stream",
                        _counting(counts, "object streams parsed",
                                  PdfReader._get_object_from_stream))
    # a Jinja environment for the theme made (its templates loaded again): once per locale
    # in a run, not per build (themecache keeps them)
    from mkdocs.theme import Theme
    monkeypatch.setattr(Theme, "get_env", _counting(counts, "theme environments made",
                                                    Theme.get_env))
    # the project's content layers read to merge them (overlay.sync): only when they changed
    from ipforms.site import overlay
    monkeypatch.setattr(overlay, "read_bytes", _counting(counts, "content files read",
                                                         overlay.read_bytes))
    # Material's interface texts (partials/languages/nb.html): run once, not for every
    # page (only a third language's file reads the page's context)
    import jinja2
    make_module = jinja2.Template.make_module

    def counted_module(self, *args, **kwargs):
        if (self.name or "").startswith("partials/languages/"):
            counts["interface language files run"] += 1
        return make_module(self, *args, **kwargs)
    monkeypatch.setattr(jinja2.Template, "make_module", counted_module)
    # mkdocs.yml parsed (mkdocs' pure-Python YAML loader): once per worker (site.mkconfig)
    import mkdocs.config.defaults
    import mkdocs.utils.yaml
    for module in (mkdocs.utils.yaml, mkdocs.config.defaults):
        monkeypatch.setattr(module, "yaml_load", _counting(counts, "mkdocs.yml parsed",
                                                           mkdocs.utils.yaml.yaml_load))
    # the theme's static files copied by mkdocs (shutil.copyfile, per file and build), or
    # read to be copied from memory (site.staticcopy): once per worker
    import shutil

    from ipforms.site import mkconfig, staticcopy
    monkeypatch.setattr(staticcopy, "_BYTES", {})  # as a new worker: nothing read yet
    monkeypatch.setattr(mkconfig, "_PARSED", {})
    monkeypatch.setattr(shutil, "copyfile", _counting(counts, "files copied by shutil.copyfile",
                                                      shutil.copyfile))
    counts.update({"mkdocs.yml parsed": 0, "files copied by shutil.copyfile": 0,
                   "static sources read": 0})

    def counted_open(*args, **kwargs):
        counts["static sources read"] += 1
        return open(*args, **kwargs)
    monkeypatch.setattr(staticcopy, "open", counted_open, raising=False)
    return counts


def test_third_languages_are_those_the_theme_gives_the_context():
    """partials/language.html imports a third language's file with the page's context
    (it reads the municipality's interface texts), every other without."""
    from ipforms.core.lang import EXTRA_LANGS
    from ipforms.site.theming import THEME_DIR

    text = (THEME_DIR / "partials" / "language.html").read_text(encoding="utf-8")
    assert f"{sorted(EXTRA_LANGS)}" == str(sorted(eval(text.split(" in ", 1)[1].split(" or ")[0])))


@pytest.fixture
def per_build(monkeypatch) -> dict[str, list]:
    """What each build renders and writes that it could do twice: the theme's 404 page
    (mkdocs-static-i18n's build of the other standard renders it again and the plugin
    throws that away) and the files the plugin writes (forms, online forms, logo)."""
    import mkdocs.commands.build as mk_build

    from ipforms.site import plugin

    seen: dict[str, list] = {"404 pages rendered": [], "files written": [],
                             "files renamed into place": []}
    theme_template = mk_build._build_theme_template

    def counted_template(template_name, *args, **kwargs):
        if template_name == "404.html":
            seen["404 pages rendered"].append(template_name)
        return theme_template(template_name, *args, **kwargs)

    write, write_new = plugin.atomic_write, plugin.write_new

    def counted_write(path, data):
        seen["files written"].append(str(path))
        seen["files renamed into place"].append(str(path))
        return write(path, data)

    def counted_write_new(path, data):
        seen["files written"].append(str(path))
        return write_new(path, data)

    post_template = plugin.IpformsPlugin.on_post_template

    def seen_template(self, output_content, template_name, config):
        if template_name == "sitemap.xml" and output_content.strip():
            seen["sitemaps rendered to be thrown away"].append(len(output_content))
        return post_template(self, output_content, template_name, config)
    seen["sitemaps rendered to be thrown away"] = []

    monkeypatch.setattr(mk_build, "_build_theme_template", counted_template)
    monkeypatch.setattr(plugin.IpformsPlugin, "on_post_template", seen_template)
    monkeypatch.setattr(plugin, "atomic_write", counted_write)
    monkeypatch.setattr(plugin, "write_new", counted_write_new)
    # the folders made in a site for its files (the forms: one folder, made once)
    mkdir = Path.mkdir

    def counted_mkdir(self, *args, **kwargs):
        if "site" in self.parts:
            seen["site folders made"].append(str(self))
        return mkdir(self, *args, **kwargs)
    seen["site folders made"] = []
    monkeypatch.setattr(Path, "mkdir", counted_mkdir)
    return seen


def test_blank_form_work_does_not_grow_with_the_municipalities(tmp_path, form_cache, counts,
                                                              per_build):
    n = 3
    root = make(tmp_path, data=_municipalities(n))
    after: list[dict[str, int]] = []
    builds: list[dict[str, list]] = []

    def progress(line: str) -> None:
        after.append(dict(counts))
        builds.append({what: list(v) for what, v in per_build.items()})
        for v in per_build.values():
            v.clear()
    results = build_sites(root=root, out_dir=tmp_path / "site", jobs=1, cache_dir=form_cache,
                          progress=progress)
    assert [r.ok for r in results] == [True] * n
    # each build renders one 404 page and writes each of its files once
    assert [len(b["404 pages rendered"]) for b in builds] == [1] * n, builds
    twice = [[p for p in b["files written"] if b["files written"].count(p) > 1] for b in builds]
    assert twice == [[]] * n, twice
    assert all(len(b["files written"]) > 10 for b in builds)
    again = [[p for p in b["site folders made"] if b["site folders made"].count(p) > 1]
             for b in builds]
    assert again == [[]] * n, again
    # straight into the build folder, which is new and swapped in whole (no temporary
    # file and rename per file); the root's search index, which mkdocs wrote, is replaced
    # as before (core.files.write_new hands a file that exists to atomic_write)
    assert [b["files renamed into place"] for b in builds] == [[]] * n, builds
    # mkdocs renders the theme's sitemap.xml (twice: nb and nn), which the plugin throws
    # away: the shipped theme's is empty
    assert [b["sitemaps rendered to be thrown away"] for b in builds] == [[]] * n
    # the build did make and publish every form and online form, for every municipality
    for slug in (r.slug for r in results):
        for lang in ("nb", "nn"):
            assert (tmp_path / "site" / slug / "skjema" / f"soknad-koordinator-{lang}.pdf").is_file()
            page = tmp_path / "site" / slug / "skjema" / f"soknad-koordinator-{lang}.html"
            assert '"plans":{"soknad":{' in page.read_text(encoding="utf-8")
    assert len(after) == n
    # a written standard's interface texts are made once, when a site first has it at
    # its root (the first two municipalities): from then on nothing may grow
    since = {what: 1 if what == "interface language files run" else 0 for what in counts}
    grown = {what: [a[what] for a in after] for what in counts
             if after[-1][what] != after[since[what]][what]}
    assert not grown, (f"work that depends only on the blank forms (or on nothing of a "
                       f"municipality) grew with the municipalities (count after each of {n} builds): {grown}")
    # once per blank form (unless this worker had read them already): in nb and in nn the
    # soknad form for prefilling and for its plan, the fullmakt for prefilling, for its plan
    # and for printing it after the application (fillplan.page_import)
    assert after[0]["form fields read whole"] <= 10
    # mkdocs.yml read once, the theme's static files once (then copied from memory)
    assert after[0]["mkdocs.yml parsed"] == 1
    # (the theme's files a page loads: not its source maps nor other languages' search scripts)
    assert after[0]["static sources read"] >= 5
    # the privacy line was drawn: every form links to its municipality's own privacy page
    for i, slug in enumerate(r.slug for r in results):
        pdf = (tmp_path / "site" / slug / "skjema" / "fullmakt-nb.pdf").read_bytes()
        assert f"https://www.telleby{i}.kommune.no/".encode() in pdf


def test_the_municipality_block_is_drawn_once_per_form_and_language(tmp_path, form_cache,
                                                                    monkeypatch):
    """A municipality's ten prefilled PDFs are four fills (the application and the power
    of attorney, in nb and nn): the three copies of the application with a service ticked
    are the plain one's update with the box's objects written in (forms.prefill), not
    filled again."""
    drawn = {"fills": 0, "fields made": 0}
    monkeypatch.setattr(fill, "_apply", _counting(drawn, "fills", fill._apply))
    # a fill copies the blank's field index without a PdfField.__init__ per field
    monkeypatch.setattr(acroform.PdfField, "__init__",
                        _counting(drawn, "fields made", acroform.PdfField.__init__))
    n = 3
    root = make(tmp_path, data=_municipalities(n))
    after: list[tuple[int, int]] = []
    results = build_sites(root=root, out_dir=tmp_path / "site", jobs=1, cache_dir=form_cache,
                          progress=lambda line: after.append((drawn["fills"],
                                                              drawn["fields made"])))
    assert [r.ok for r in results] == [True] * n
    per_municipality = [(b[0] - a[0], b[1] - a[1])
                        for a, b in zip(after[:-1], after[1:], strict=True)]
    assert per_municipality == [(4, 0)] * (n - 1), per_municipality


def test_a_form_with_the_privacy_line_opened_without_parsing_its_update(tmp_path, form_cache,
                                                                        monkeypatch):
    """Each fill opens its blank with the municipality's privacy line drawn in: that
    line's update is the first municipality's, object for object, at other offsets, so a
    reader of it takes its cross-reference from the first's as read, moved
    (privacylink._remember_xref), and parses no cross-reference stream (a fill's own
    reader, and the fills' plans, parse none either); and the readers' objects parsed
    before are copied without a call per number (pypdf_internals._bound), and text
    strings are written by forms.pdfbytes, not a byte at a time by pypdf."""
    parsed: dict[str, int] = {}
    _watch(monkeypatch, parsed, "cross-reference streams parsed",
           PdfReader, "_read_pdf15_xref_stream")
    # pypdf writing a text string a byte at a time (forms.pdfbytes writes them itself)
    from pypdf.generic import TextStringObject
    _watch(monkeypatch, parsed, "text strings written by pypdf", TextStringObject,
           "write_to_stream")
    from ipforms.forms import pypdf_internals
    _watch(monkeypatch, parsed, "objects bound", pypdf_internals, "_bound")
    n = 3
    root = make(tmp_path, data=_municipalities(n))
    after: list[dict[str, int]] = []
    results = build_sites(root=root, out_dir=tmp_path / "site", jobs=1, cache_dir=form_cache,
                          progress=lambda line: after.append(dict(parsed)))
    assert [r.ok for r in results] == [True] * n
    per_municipality = [{k: b[k] - a[k] for k in parsed}
                        for a, b in zip(after[:-1], after[1:], strict=True)]
    # (each xref stream parsed again: 4 a municipality; every number bound by a call: 1168)
    assert [p["cross-reference streams parsed"] for p in per_municipality] == [0] * (n - 1), \
        per_municipality
    assert all(p["objects bound"] < 600 for p in per_municipality), per_municipality
    # (written by pypdf's write_to_stream: 52 a municipality)
    assert [p["text strings written by pypdf"] for p in per_municipality] == [0] * (n - 1), \
        per_municipality


def test_the_counts_see_a_whole_read_of_a_form(form_cache, counts):
    """The counters do count: reading a form's fields whole is seen (so the test above
    cannot pass by counting nothing)."""
    blank = pdfdraw.blank_pdf("fullmakt", "nb", form_cache)
    before = dict(counts)
    _, reader = acroform.open_pdf(blank)
    acroform.fields(reader)
    assert counts["form fields read whole"] == before["form fields read whole"] + 1
    in_stream = sorted(reader.xref_objStm)  # objects WeasyPrint put in object streams
    assert in_stream
    reader.get_object(in_stream[0])
    assert counts["object streams parsed"] == before["object streams parsed"] + 1


def test_a_plan_from_the_blank_is_the_plan_read_whole(tmp_path, form_cache):
    """The online form's fill plan of a prefilled form, made from the blank's fields and
    what the prefill changed, is exactly the plan read from the whole PDF, for every form,
    service and standard of a municipality with Sámi letters in its data (drawn with the
    embedded Unicode font) and of a demo municipality."""
    from ipforms.core.municipality import load_municipality
    from ipforms.site import fillplan
    from ipforms.site.siteforms import site_form_bases, site_forms

    sami = yaml.safe_load(TESTBY)
    sami["name"] = {"nb": "Guovdageainnu suohkan", "nn": "Guovdageainnu suohkan"}
    sami["unit"]["name"] = {"nb": "Koordinerende enhet Čáhcesuolu",
                            "nn": "Koordinerande eining Čáhcesuolu"}
    sami_file = tmp_path / "guovdageaidnu.yml"
    sami_file.write_text(yaml.safe_dump(sami, allow_unicode=True), encoding="utf-8")
    repo = Path(__file__).resolve().parents[1]
    for m in (load_municipality(sami_file), load_municipality(repo / "data/municipalities/os.yml")):
        for lang in ("nb", "nn"):
            pdfs = site_forms(m, lang, form_cache)
            bases = site_form_bases(lang, form_cache, m)  # with m's privacy line drawn in
            assert set(bases) == set(pdfs)
            assert all(pdf.startswith(bases[path]) for path, pdf in pdfs.items())
            for path, pdf in pdfs.items():
                fillplan._PLANS.clear()
                whole = fillplan.fill_plan(pdf)
                fillplan._PLANS.clear()
                fillplan._blank_fields(bases[path])  # read once (this worker may not have yet)
                reads = fillplan.FIELD_READS[0]
                assert fillplan.fill_plan(pdf, bases[path]) == whole, (m.slug, path)
                if pdf != bases[path]:  # prefilled: only what the prefill changed is read
                    assert fillplan.FIELD_READS[0] == reads, (m.slug, path)


def test_page_json_is_json_dumps(form_cache):
    """The page's JSON, its shared parts serialised once, is json.dumps of its data."""
    import json

    from ipforms.core.municipality import load_municipality
    from ipforms.site import fillplan, webform
    from ipforms.site.siteforms import site_form_bases, site_forms

    repo = Path(__file__).resolve().parents[1]
    m = load_municipality(repo / "data/municipalities/fjord.yml")
    for lang in ("nb", "nn"):
        pdfs = site_forms(m, lang, form_cache)
        bases = site_form_bases(lang, form_cache)
        plans = {"soknad": fillplan.fill_plan(pdfs[f"skjema/soknad-koordinator-{lang}.pdf"],
                                              bases[f"skjema/soknad-koordinator-{lang}.pdf"]),
                 "fullmakt": fillplan.fill_plan(pdfs[f"skjema/fullmakt-{lang}.pdf"])}
        for key in ("koordinator", "fullmakt"):
            data = webform.page_data(m, lang, key, plans, {"soknad": "a.pdf", "fullmakt": "b.pdf"})
            for _ in range(2):  # the second time from the memo
                assert webform.page_json(data) == json.dumps(data, ensure_ascii=False,
                                                             separators=(",", ":"))


def test_a_data_file_read_again_only_when_it_changed(tmp_path):
    """load_municipality reuses a parse for the same text in the same file; a changed
    file, or a logo that has gone, is read (and checked) again."""
    from ipforms.core.errors import DataError
    from ipforms.core.municipality import load_municipality

    raw = yaml.safe_load(TESTBY)
    raw["logo"] = "testby.logo.svg"
    (tmp_path / "testby.logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    path = tmp_path / "testby.yml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    first = load_municipality(path)
    assert load_municipality(path) is first
    raw["name"] = {"nb": "Endra kommune", "nn": "Endra kommune"}
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    assert load_municipality(path).name("nb") == "Endra kommune"
    (tmp_path / "testby.logo.svg").unlink()
    with pytest.raises(DataError, match="no logo file"):
        load_municipality(path)


def test_pages_converted_once_per_skeleton(tmp_path, form_cache):
    """A page's Markdown is converted once per skeleton (the page with a token for each
    data value), not once per municipality: after one municipality of each written
    standard, the next ones' pages come from the skeletons' HTML (only their new values
    are converted, together, in one small document per page)."""
    from ipforms.site import mdcache

    mdcache._ENTRIES.clear()
    converted, pages = _counted_builds(tmp_path, form_cache, 4, mdcache.CONVERSIONS)
    # the first of each standard: every page (and its skeleton once); then at most one
    # small document of new values per page
    assert min(converted[:2]) >= pages, converted
    assert max(converted[2:]) <= pages // 2, (pages, converted)


def test_material_page_template_rendered_once_per_shape(tmp_path, form_cache):
    """Material's page template (header, navigation, table of contents, footer) is
    rendered once per page shape (tokens for the site name, titles, footer, page HTML),
    not once per municipality: after one municipality of each written standard, the
    next ones' pages are the skeletons with their values put in (ipforms.site.chrome)."""
    from ipforms.site import chrome

    chrome._ENTRIES.clear()
    n = 4
    rendered, pages = _counted_builds(tmp_path, form_cache, n, chrome.RENDERS)
    # the first of each standard: every page, its skeleton and the probes; then none
    assert min(rendered[:2]) >= pages, rendered
    assert rendered[2:] == [0] * (n - 2), (pages, rendered)


def test_the_404_page_rendered_once_per_shape(tmp_path, form_cache, monkeypatch):
    """The 404 page's template (Material's main.html around ipforms' 404.html) is
    rendered once per shape (tokens for the site name, footer, navigation's titles), not
    once per municipality: after one municipality of each written standard, the next
    ones' 404 pages are the skeleton with their values put in (ipforms.site.notfound)."""
    import jinja2

    from ipforms.site import chrome

    counter = [0]
    real = jinja2.Template.render

    def counted(self, *args, **kwargs):
        counter[0] += self.name == "404.html"
        return real(self, *args, **kwargs)

    monkeypatch.setattr(jinja2.Template, "render", counted)
    chrome._ENTRIES.clear()
    n = 4
    rendered, _ = _counted_builds(tmp_path, form_cache, n, counter)
    # the first of each standard: the page, its skeleton and the probes; then none
    assert min(rendered[:2]) >= 1, rendered
    assert rendered[2:] == [0] * (n - 2), rendered


def test_objects_parsed_once_are_each_readers_own(form_cache):
    """An object a reader of our forms copies from an earlier parse of the same bytes (in
    an object stream, or one that is not a stream) is what pypdf itself reads there, and
    each reader's own: what a fill changes in one is not seen by another."""
    import io

    from ipforms.forms.fill import template_key
    from ipforms.forms.pypdf_internals import CachedXrefReader

    blank = pdfdraw.blank_pdf("fullmakt", "nb", form_cache)

    def reader():
        return CachedXrefReader(io.BytesIO(blank), template_key(blank), strict=False)

    def ser(obj) -> bytes:
        out = io.BytesIO()
        obj.write_to_stream(out)
        return out.getvalue()

    plain = PdfReader(io.BytesIO(blank), strict=False)
    in_stream = sorted(plain.xref_objStm)[0]
    not_stream = next(n for n, o in sorted(plain.xref[0].items())
                      if isinstance(plain.get_object(n), DictionaryObject)
                      and not isinstance(plain.get_object(n), StreamObject))
    first, second = reader(), reader()
    for num in (in_stream, not_stream):
        a, b = first.get_object(num), second.get_object(num)
        assert ser(a) == ser(plain.get_object(num)) == ser(b) and a is not b, num
        assert a.indirect_reference.pdf is first and b.indirect_reference.pdf is second
        a[NameObject("/IpformsChanged")] = NameObject("/Yes")
        assert "/IpformsChanged" not in b and "/IpformsChanged" not in reader().get_object(num)


def test_printed_fullmakt_of_another_address_is_the_one_read_whole(form_cache):
    """The fullmakt's pages to print (fillplan.page_import) of a form whose privacy line
    has another address are taken from the first such form's, with the line's objects
    from its own bytes: the same as reading it whole, for each written standard and for
    addresses of several lengths."""
    from ipforms.forms.acroform import variant_of
    from ipforms.forms.privacylink import add_privacy_link
    from ipforms.site import fillplan

    for lang in ("nb", "nn"):
        blank = pdfdraw.blank_pdf("fullmakt", lang, form_cache)
        for url in ("https://a.no/", "https://www.telleby.kommune.no/individuell-plan/nn/personvern/",
                    "https://b.example.org/p/"):
            linked = add_privacy_link(blank, url, lang)
            fillplan._IMPORTS.pop(fillplan._digest(linked), None)
            fillplan._VARIANT_IMPORTS.pop(fillplan._digest(linked), None)
            assert fillplan.imports_of(linked) == fillplan.page_import(linked), (lang, url)
        # the last two were variants of the first (so the test did not read them whole)
        assert variant_of(fillplan._digest(linked)) is not None


def test_printed_fullmakt_read_whole_once_for_many_addresses(form_cache, monkeypatch):
    """The fullmakt's printed pages of many municipalities, each with its own privacy
    page (more than the memos hold), are read whole once per blank: each later one is a
    variant of the first.  (The variants' pages filled the memo the first's was kept in,
    which was then emptied: from the 33rd municipality on each was read whole.)"""
    from ipforms.site import fillplan

    walked = {"n": 0}
    monkeypatch.setattr(fillplan, "_page_import",
                        _counting(walked, "n", fillplan._page_import))
    blank = pdfdraw.blank_pdf("fullmakt", "nb", form_cache)
    fillplan.imports_of(privacylink.add_privacy_link(blank, "https://www.k0.no/ip/", "nb"))
    before = walked["n"]
    for i in range(1, 80):
        linked = privacylink.add_privacy_link(blank, f"https://www.k{i}.no/ip/", "nb")
        assert fillplan.imports_of(linked)["objects"]
    assert walked["n"] == before, walked["n"] - before


def test_pages_with_values_in_headings_and_their_search_entries_from_skeletons(
        tmp_path, monkeypatch):
    """A page with local text has the municipality's name in a heading ("Mer fra ..."):
    its skeleton is kept too (the heading's id and table of contents made per name), and
    the search index takes each page's sections from its skeleton's, read once.  The
    page templates render with the laws' links, the "who signs" lists, the size labels
    and the escaped values made once, and the sandbox gives a data record's attributes
    without Jinja's slow path.  After one municipality of each standard: a small document
    of new values for the pages that have any, every page's search entries from its
    skeleton, the links and lists not made again."""
    import jinja2.sandbox

    from ipforms.core import laws, signing
    from ipforms.site import escape, mdcache, pages, searchindex

    counts = {"laws cited": 0, "who signs made": 0, "values escaped": 0,
              "attributes by Jinja's sandbox": 0}
    monkeypatch.setattr(laws, "cite", _counting(counts, "laws cited", laws.cite))
    monkeypatch.setattr(signing, "page_items",
                        _counting(counts, "who signs made", signing.page_items))
    monkeypatch.setattr(escape, "_md_escape",
                        _counting(counts, "values escaped", escape._md_escape))
    monkeypatch.setattr(jinja2.sandbox.SandboxedEnvironment, "getattr",
                        _counting(counts, "attributes by Jinja's sandbox",
                                  jinja2.sandbox.SandboxedEnvironment.getattr))
    mdcache._ENTRIES.clear()
    pages._LAWS.clear()
    pages._SIGNS.clear()
    data = {}
    for slug, text in _municipalities(4).items():
        raw = yaml.safe_load(text)
        raw["local"] = {p: {"nb": f"Lokal tekst om {p}.", "nn": f"Lokal tekst om {p}."}
                        for p in ("index", "individuell-plan", "koordinator", "barnekoordinator")}
        data[slug] = yaml.safe_dump(raw, allow_unicode=True)
    root = make(tmp_path, pages={}, data=data)  # the shipped pages
    (root / "content").mkdir(exist_ok=True)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  - ipforms\n", "  - ipforms:\n      forms: false\n"), encoding="utf-8")
    from ipforms.site.build import build_one

    seen = []
    for slug in data:
        before = (mdcache.CONVERSIONS[0], searchindex.FROM_SKELETON[0], dict(counts),
                  searchindex.SUBS_SKIPPED[0])
        assert build_one(slug, tmp_path / "site", config).ok
        seen.append((mdcache.CONVERSIONS[0] - before[0],
                     searchindex.FROM_SKELETON[0] - before[1],
                     {k: counts[k] - before[2][k] for k in counts},
                     searchindex.SUBS_SKIPPED[0] - before[3]))
    site_pages = sum(1 for _ in (tmp_path / "site" / "telleby3").rglob("index.html"))
    assert site_pages >= 10
    for converted, from_skeleton, made, not_scanned in seen[2:]:
        assert converted <= 2, seen  # the new values of the pages that have any
        assert from_skeleton == site_pages, (site_pages, seen)
        # Material's pass dropping data-search-* attributes: not over a page without one
        assert not_scanned >= site_pages, (site_pages, seen)
        assert made["laws cited"] == made["who signs made"] == 0, seen
        assert made["values escaped"] <= 40, seen
        assert made["attributes by Jinja's sandbox"] <= 40, seen


def test_a_content_sync_skipped_sees_every_change(tmp_path):
    """overlay.sync reads nothing when neither the layers nor the merged copy changed
    since this process last synced it, and sees a change of either: a file rewritten
    with its old size and time, a file added or removed, the copy itself edited."""
    import os

    from ipforms.site import overlay

    top, base, target = tmp_path / "top", tmp_path / "base", tmp_path / "merged"
    for folder, text in ((top, "top"), (base, "base")):
        (folder / "nb").mkdir(parents=True)
        (folder / "nb" / "a.md").write_text(text)
    (base / "nb" / "b.md").write_text("b")
    reads = [0]
    read_bytes = overlay.read_bytes

    def counted(*args, **kwargs):
        reads[0] += 1
        return read_bytes(*args, **kwargs)

    def merged() -> dict[str, str]:
        return {p.relative_to(target).as_posix(): p.read_text()
                for p in sorted(target.rglob("*")) if p.is_file()}

    stats = [0]
    stat_key = overlay._stat_key

    def counted_stat(*args):
        stats[0] += 1
        return stat_key(*args)

    overlay.read_bytes = counted
    overlay._stat_key = counted_stat
    try:
        overlay.sync([top, base], target)
        assert merged() == {"nb/a.md": "top", "nb/b.md": "b"}
        before, stats[0] = reads[0], 0
        assert overlay.sync([top, base], target) == {"nb/a.md": top / "nb" / "a.md",
                                                     "nb/b.md": base / "nb" / "b.md"}
        assert reads[0] == before  # nothing changed: nothing read
        assert stats[0] == 0  # each file's stat from its folder's listing, taken once
        st = os.stat(top / "nb" / "a.md")
        (top / "nb" / "a.md").write_text("TOP")  # same size, and its old time put back
        os.utime(top / "nb" / "a.md", ns=(st.st_atime_ns, st.st_mtime_ns))
        overlay.sync([top, base], target)
        assert merged() == {"nb/a.md": "TOP", "nb/b.md": "b"}
        (target / "nb" / "b.md").write_text("x")  # the copy edited
        overlay.sync([top, base], target)
        assert merged() == {"nb/a.md": "TOP", "nb/b.md": "b"}
        (top / "nb" / "c.md").write_text("c")
        (base / "nb" / "b.md").unlink()
        overlay.sync([top, base], target)
        assert merged() == {"nb/a.md": "TOP", "nb/c.md": "c"}
        (top / "nb" / "c.md").unlink()
        (top / "nb" / "c.md").symlink_to(tmp_path / "outside.md")
        (tmp_path / "outside.md").write_text("secret")
        with pytest.raises(Exception, match="outside"):
            overlay.sync([top, base], target)
    finally:
        overlay.read_bytes = read_bytes
        overlay._stat_key = stat_key


def test_theme_environment_kept_only_with_known_env_hooks():
    """A build's theme environment is an earlier build's only when every plugin that
    changes environments (on_env) is one known to do the same each time."""
    from types import SimpleNamespace

    from mkdocs.theme import Theme

    from ipforms.site import themecache

    class Unknown:
        def on_env(self, env, config, files):
            return env

    def envs(hooks) -> bool:
        made = []
        for _ in range(2):
            theme = Theme(name="material", locale="nb")
            themecache.install(theme, SimpleNamespace(events={"env": hooks}))
            made.append(theme.get_env())
        return made[0] is made[1]

    themecache.new_run()
    assert envs([])
    assert not envs([Unknown().on_env])
    themecache.new_run()


def test_the_first_site_is_built_before_the_workers_start(tmp_path, form_cache, monkeypatch):
    """With two workers the first municipality is built in the parent before the pool
    forks, so that both workers start with its imports and what it loaded and made
    (forms, templates), not each making them again: the pool gets the others."""
    from concurrent.futures import ProcessPoolExecutor

    from ipforms.site import build

    submitted: list[str] = []

    class Pool(ProcessPoolExecutor):
        def submit(self, fn, /, *args, **kwargs):
            submitted.append(args[0])
            return super().submit(fn, *args, **kwargs)
    monkeypatch.setattr(build, "ProcessPoolExecutor", Pool)
    root = make(tmp_path, data=_municipalities(3))
    results = build_sites(root=root, out_dir=tmp_path / "site", jobs=2, cache_dir=form_cache)
    assert [r.ok for r in results] == [True] * 3
    assert [r.slug for r in results] == ["telleby0", "telleby1", "telleby2"]
    assert submitted == ["telleby1", "telleby2"]
    for r in results:
        assert (tmp_path / "site" / r.slug / "skjema" / "fullmakt-nb.pdf").is_file()


def test_what_the_first_site_made_is_out_of_the_collectors_reach(tmp_path, form_cache):
    """What the first build of a run made and keeps (imports, templates, blank forms,
    the page shapes' memos) is frozen (gc.freeze) before the second build, so that the
    full collections of a run of 357 do not walk it each time; the run gives it back
    to the collector when it ends."""
    import gc

    from ipforms.site import build
    frozen: list[int] = []
    before = build.FROZEN[0]
    root = make(tmp_path, data=_municipalities(3))
    results = build_sites(root=root, out_dir=tmp_path / "site", jobs=1, cache_dir=form_cache,
                          progress=lambda line: frozen.append(gc.get_freeze_count()))
    assert [r.ok for r in results] == [True] * 3
    assert build.FROZEN[0] == before + 1
    # reported before the freeze after the first build; frozen for the others
    assert frozen[0] == 0 and min(frozen[1:]) > 10_000, frozen
    assert gc.get_freeze_count() == 0


def test_the_thrown_away_sitemap_is_rendered_when_a_template_hook_is_not_known():
    """The empty sitemap template only when every template hook is ours or
    mkdocs-static-i18n's: another plugin may read what mkdocs renders."""
    from types import SimpleNamespace

    from ipforms.site.plugin import IpformsPlugin

    class Other:
        def on_post_template(self, output, template_name, config):
            return output

    ours = IpformsPlugin()
    theirs = object()
    known = SimpleNamespace(plugins=SimpleNamespace(events={
        "pre_template": [ours.on_pre_template], "post_template": [ours.on_post_template]}))
    unknown = SimpleNamespace(plugins=SimpleNamespace(events={
        "pre_template": [ours.on_pre_template],
        "post_template": [Other().on_post_template, ours.on_post_template]}))
    assert ours.on_pre_template(theirs, "sitemap.xml", known) is not theirs
    assert ours.on_pre_template(theirs, "sitemap.xml", unknown) is theirs
    assert ours.on_pre_template(theirs, "404.html", known) is theirs


def test_the_404_page_rendered_as_usual_when_not_known():
    """The 404 page from its skeleton only with every template hook known, no
    ``custom_dir``, and the context of the build that asked for it."""
    from types import SimpleNamespace

    import jinja2

    from ipforms.site import notfound

    class Other:
        def on_template_context(self, context, template_name, config):
            return context

    env = jinja2.Environment()
    template = env.from_string("ordinary")
    theme = SimpleNamespace(_ipforms_kept_env=env, custom_dir=None)
    unknown = SimpleNamespace(theme=theme, plugins=SimpleNamespace(events={
        "template_context": [Other().on_template_context]}))
    notfound.use(template, unknown)
    assert "render" not in vars(template)
    known = SimpleNamespace(theme=theme, plugins=SimpleNamespace(events={}))
    notfound.use(template, known)
    assert "render" in vars(template)
    # a context of another build (a patch left by a build that failed): as usual
    assert template.render({"config": object()}) == "ordinary"
    assert "render" not in vars(template)
    context = dict.fromkeys(notfound._KEYS, "")
    context.update(page=None, config=known)
    theme.custom_dir = "overrides"
    assert notfound._shape(context, known, None, template, env) is None


def _counted_builds(tmp_path, form_cache, n: int, counter: list[int]) -> tuple[list[int], int]:
    """Build n municipalities one after the other in this process: how much ``counter``
    grew in each build, and how many pages a site has."""
    root = make(tmp_path, data=_municipalities(n))
    start = counter[0]
    after: list[int] = []
    build_sites(root=root, out_dir=tmp_path / "site", jobs=1, cache_dir=form_cache,
                progress=lambda line: after.append(counter[0]))
    grown = [b - a for a, b in zip([start, *after[:-1]], after, strict=True)]
    return grown, sum(1 for _ in (tmp_path / "site" / "telleby2").rglob("index.html"))


def test_the_online_form_s_shared_data_made_once_per_language(tmp_path, form_cache, monkeypatch):
    """What every form page of a language has (form definitions, messages, fonts: about
    140 kB) is one file per language (webdata.shared_file), made once per worker, not
    once per site, and no page carries it."""
    from ipforms.site import webdata
    made = {"data files made": 0}
    monkeypatch.setattr(webdata, "SharedFile", _counting(made, "data files made", webdata.SharedFile))
    monkeypatch.setattr(webdata, "_FILES", {})
    counter = [0]
    real = webdata.shared_file

    def counted(lang, values):
        found = real(lang, values)
        counter[0] = made["data files made"]
        return found
    monkeypatch.setattr(webdata, "shared_file", counted)
    from ipforms.site import webform
    monkeypatch.setattr(webform, "shared_file", counted)
    grown, _ = _counted_builds(tmp_path, form_cache, 3, counter)
    assert grown[0] == 2 and grown[1:] == [0, 0], grown  # nb and nn, in the first build only
    for i in range(3):
        folder = tmp_path / "site" / f"telleby{i}" / "skjema"
        for page in folder.glob("*.html"):
            blob = re.search(r'<script id="ipf-data" type="application/json">(.*?)</script>',
                             page.read_text("utf-8"), re.S)
            assert blob and not {"messages", "unifont", "rules", "texts"} & json.loads(blob.group(1)).keys()
        assert {p.name for p in folder.glob("webform-data-*.js")} == {"webform-data-nb.js",
                                                                     "webform-data-nn.js"}


def test_material_s_search_attribute_pass_kept_where_a_page_has_one():
    """The search plugin's page_context event is Material's (its source compared once),
    without its pass over a page that has no ``data-search-`` attribute: a page with
    one, hostile text around it, comes out as Material's own event makes it."""
    import re as regex
    import types
    from types import SimpleNamespace

    from material.plugins.search.plugin import SearchPlugin

    from ipforms.site import searchindex

    assert searchindex._known_page_context() is SearchPlugin.on_page_context
    entries: list = []
    plugin = SimpleNamespace(config=SimpleNamespace(enabled=True),
                             search_index=SimpleNamespace(add_entry_from_context=entries.append))
    event = types.MethodType(searchindex._page_context, plugin)
    for content in ('<h2 id="a" data-search-exclude="x">Å &amp; <script>{{</script></h2>\n'
                    '<p data-search-boost="2">«"ǧ»</p>', "<p>data-search-</p>",
                    "<p>Ingen attributt &lt;her&gt; ŋ</p>"):
        page = SimpleNamespace(content=content)
        assert event({}, page=page, config=None, nav=None) is None
        assert page.content == regex.sub(r"\s?data-search-\w+=\"[^\"]+\"", "", content)
    assert len(entries) == 3


def test_a_page_s_data_made_anew_only_where_it_is_its_own(tmp_path, form_cache, monkeypatch):
    """A form page's JSON (webdata.own_blob) is made from its parts': only the page's own
    values are made anew (its prefill, its contact, its plan's place in its PDF); the
    fullmakt's plan with its pages to print is one object for a site's pages of a
    language, made JSON once."""
    from ipforms.site import webdata

    printed = [0]
    safe_json = webdata.safe_json

    def counted(value, depth):
        found = webdata._SAFE_MEMO.get(id(value))
        if isinstance(value, dict) and "imports" in value \
                and (found is None or found[0] is not value):
            printed[0] += 1
        return safe_json(value, depth)
    monkeypatch.setattr(webdata, "safe_json", counted)
    grown, _ = _counted_builds(tmp_path, form_cache, 3, printed)
    assert grown == [2, 2, 2], grown  # nb and nn


def test_the_json_memo_keeps_what_pages_share_when_it_is_full():
    """When the memo of script-safe JSON is full it keeps what was used again (the parts
    every page shares) and drops the rest (one page's own values): the shared parts are
    not made again, and every page's JSON is json.dumps's, made safe."""
    from ipforms.site import escape, webdata

    shared = {"fields": [{"id": f"f{i}", "label": "«<script>» & ŋ"} for i in range(60)]}
    made = []
    for page in range(3000):
        own = {"soknad": {"size": page, "v": f"side {page} </script>"}, "fullmakt": shared}
        before = webdata.MADE[0]
        blob = webdata.page_blob({"key": "k", "plans": own})
        made.append(webdata.MADE[0] - before)
        if page % 500 == 0:
            assert blob == escape.script_safe(webdata.dumps({"key": "k", "plans": own})).encode()
    # the first page makes the shared parts (62), each page then its own two
    assert made[0] == 64 and set(made[1:]) == {2}, sorted(set(made))


def test_a_form_definition_asked_for_again_is_one_stat(monkeypatch):
    """load_form (the online form's data asks for both forms on every site, in each
    language) looks at the file once to see it is unchanged; the folder the definitions
    ship in is found once (core.shipped)."""
    import os

    from ipforms.forms.formdef import load_form

    first = load_form("soknad")
    stats = [0]
    real = os.stat

    def counted(*args, **kwargs):
        stats[0] += 1
        return real(*args, **kwargs)
    monkeypatch.setattr(os, "stat", counted)
    assert load_form("soknad") is first
    assert stats[0] == 1


#: local Markdown to convert one after the other with one converter: every extension's
#: state (references, the table of contents' ids, admonitions, tables), hostile values
LOCAL_TEXTS = [
    "Les [mer][ref].\n\n[ref]: https://a.no/ \"Tittel\"",
    "Les [mer][ref] (no reference here: the previous text's is gone).",
    "## Kontakt\n\n## Kontakt\n\n[TOC]\n\n### Kontakt {: #kontakt }",
    "!!! note \"Merk\"\n    Innrykka tekst\n\n    - punkt\n\n        meir",
    "    indented code after an admonition\n\n- a\n- b\n\n        c",
    "| a | b |\n|:--|--:|\n| 1 | 2 |\n\nfølgje\n{: onclick=\"x\" }",
    "[x](javascript:alert(1)) ![y](data:text/html,z) <script>&amp;</script> \"'",
    "{{ page.title }} {% if %} Sámi: Čáhcesuolu Ŋŋ đ ŧ ž " + "lang " * 400,
    "1. first\n2. second\n\n3) third\n\n> quote\n> > nested\n\n***\n\n`kode` **feit** _kursiv_",
    "[a](https://a.no/){: target=_blank } [b](<tel:61 26 60 00>) <mailto:x@y.no>",
    "", "   \n\t", "!!!", "| only |", "[", "{:", "&#106;avascript:x",
]


def test_local_markup_converter_reused_gives_markdown_markdowns_html():
    """One Markdown converter, reset between texts, gives each text exactly the HTML a
    new converter (``markdown.markdown``) gives, whatever the text before it was."""
    import html

    import markdown

    from ipforms.core.municipality import schema

    for order in (LOCAL_TEXTS, LOCAL_TEXTS[::-1], LOCAL_TEXTS * 2):
        for text in order:
            fresh = markdown.markdown(html.escape(text.strip(), quote=False),
                                      extensions=list(schema.LOCAL_EXTENSIONS))
            assert schema.local_markup_html(text) == fresh, text


def test_local_markup_checked_once_per_text(monkeypatch):
    """The check of a data file's local Markdown converts each text once per process,
    and finds the same problems as a new converter would."""
    import html

    import markdown

    from ipforms.core.municipality import schema

    monkeypatch.setattr(schema, "_MARKUP_PROBLEMS", {})
    first = [schema.local_markup_problem(t) for t in LOCAL_TEXTS]
    converted = schema.MARKUP_CONVERSIONS[0]
    assert [schema.local_markup_problem(t) for t in LOCAL_TEXTS] == first
    assert schema.MARKUP_CONVERSIONS[0] == converted, "a text converted again"
    assert "onclick" in first[5] and "javascript" in first[6] and "target" in first[9]
    for text, problem in zip(LOCAL_TEXTS, first, strict=True):  # as a new converter finds
        walk = schema._Walk()
        walk.feed(markdown.markdown(html.escape(text.strip(), quote=False),
                                    extensions=list(schema.LOCAL_EXTENSIONS)))
        assert problem == (walk.problems[0] if walk.problems else None), text
    monkeypatch.setattr(schema, "_MARKUP_PROBLEMS", {})
    monkeypatch.setattr(schema, "_CONVERTER", __import__("threading").local())
    made = {"converters": 0}
    monkeypatch.setattr(markdown.Markdown, "__init__",
                        _counting(made, "converters", markdown.Markdown.__init__))
    assert [schema.local_markup_problem(t) for t in reversed(LOCAL_TEXTS)] == first[::-1]
    assert made == {"converters": 1}, "a Markdown converter made per text"


def test_file_lists_ask_the_same_questions_once(tmp_path, form_cache, monkeypatch):
    """The questions mkdocs and mkdocs-static-i18n ask about the same paths in every
    site of a project are answered once per run (site.filememo, pages.path_parts): after
    the first municipality of each written standard, no theme folder is looked into for
    a file, no content path split, no pair of paths parsed by mkdocs-static-i18n, and
    mkdocs.yml is not sized again for its YAML aliases (the plugin's load_config)."""
    from mkdocs.structure.files import File, Files
    from mkdocs_static_i18n import folder, reconfigure

    from ipforms.core.municipality import load
    from ipforms.site import filememo, pages

    monkeypatch.setattr(filememo, "_FOUND", {})
    asked = [0]
    sizes = []

    def progress(line):
        memo = folder.is_relative_to.ipforms_memo  # (AttributeError: not installed)
        asked[0] = (filememo.THEME_LOOKUPS[0] + pages.PATH_SPLITS[0]
                    + memo.cache_info().misses + load.UNFOLD_SIZINGS[0]
                    + filememo._posix.cache_info().misses + filememo.I18N_FILES_MADE[0])
        sizes.append(asked[0])
    root = make(tmp_path, data=_municipalities(4))
    build_sites(root=root, out_dir=tmp_path / "site", jobs=1, cache_dir=form_cache,
                progress=progress)
    assert Files.add_files_from_theme is filememo._add_files_from_theme, "not installed"
    assert reconfigure.is_relative_to is folder.is_relative_to  # the same memo
    assert Files.get_file_from_path is filememo._get_file_from_path
    assert File.src_path.fset is filememo._set_src_path
    assert File.dest_path.fset is filememo._set_dest_path
    assert folder.create_i18n_file.ipforms_original, "create_i18n_file: not installed"
    assert filememo.I18N_FILES_MADE[0] > 0
    assert filememo.THEME_LOOKUPS[0] > 0
    assert sizes[2:] == [sizes[1]] * 2, sizes


def test_theme_files_from_the_memo_are_mkdocs_own(tmp_path, monkeypatch):
    """The theme's files listed with the folders remembered are the files (paths,
    folders, destinations, order) mkdocs' own add_files_from_theme lists, in a build of
    either standard, with a file the content overrides; and the memo is installed only
    over the code it was written from."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import File, Files

    from ipforms.site import filememo

    repo = Path(__file__).resolve().parents[1]
    own = (filememo.MKDOCS_OWN or [Files.add_files_from_theme])[0]
    assert own is not filememo._add_files_from_theme
    monkeypatch.setattr(filememo, "_FOUND", {})
    for skip in ((), ("404.html",)):
        cfg = load_config(str(repo / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
        for name in skip:
            cfg.theme.static_templates.discard(name)
        env = cfg.theme.get_env()
        lists = []
        for fn in (own, filememo._add_files_from_theme, filememo._add_files_from_theme):
            files = Files([])
            own(files, env, cfg)
            overridden = list(files)[len(files) // 2].src_uri  # a theme file the content has
            files = Files([File(overridden, str(tmp_path), cfg.site_dir,
                                cfg.use_directory_urls)])
            fn(files, env, cfg)
            lists.append([(f.src_uri, f.abs_src_path, f.abs_dest_path, f.url) for f in files])
        assert lists[0] == lists[1] == lists[2] and len(lists[0]) > 20
    monkeypatch.setattr(filememo, "_THEME_FILES_SOURCE", "0" * 64)
    monkeypatch.setattr(Files, "add_files_from_theme", own)
    monkeypatch.setattr(filememo, "MKDOCS_OWN", [])
    filememo.share_theme_files()
    assert Files.add_files_from_theme is own  # another mkdocs: its own code


def test_paths_from_the_memos_are_pathlib_s():
    """The remembered answers are pathlib's, for odd paths too."""
    from pathlib import Path, PurePath

    from mkdocs_static_i18n import is_relative_to

    from ipforms.site import filememo

    filememo.share_i18n_paths()
    from mkdocs_static_i18n import folder
    odd = ["a//b", "./a/", "", ".", "nb/../nn/x.md", "/abs/nb/x.md", "a\\b", "Čáhce/ŋ.md",
           "nb", "nbx/y.md", "nb/", " nb/x", "x" * 300, PurePath("nb/x.md"), Path("nn")]
    for _ in range(2):  # the second time from the memos
        for p in odd:
            assert filememo.as_posix(p) == PurePath(p).as_posix(), p
            for q in ("nb", "nb/", "/abs", "", "nn/x.md", PurePath("nb")):
                assert folder.is_relative_to(p, q) == is_relative_to(p, q), (p, q)
    for bad in (None, 3, b"nb"):
        with pytest.raises(TypeError):
            filememo.as_posix(bad)
        with pytest.raises(TypeError):
            folder.is_relative_to(bad, "nb")
    with pytest.raises(TypeError):
        filememo.as_posix(["nb"])


def test_i18n_files_from_the_memo_are_mkdocs_static_i18n_s(tmp_path, monkeypatch):
    """A file made again from the remembered values of create_i18n_file has exactly the
    attributes mkdocs-static-i18n's own gives it (its place in this build's site folder,
    its own alternates), for every file of the demo's content and theme, for each build
    language and either standard at the root."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files
    from mkdocs_static_i18n import folder

    from ipforms.site import filememo

    filememo.share_i18n_files()
    memo = folder.create_i18n_file
    own = memo.ipforms_original
    monkeypatch.setattr(filememo, "_I18N_FILES", {})
    repo = Path(__file__).resolve().parents[1]
    for site in ("one", "two"):
        cfg = load_config(str(repo / "mkdocs.yml"), site_dir=str(tmp_path / site))
        files = get_files(cfg)
        assert len(files) > 30
        for current, default in (("nb", "nb"), ("nn", "nb"), ("nb", "nn"), ("nn", "nn")):
            for f in files:
                made = [fn(f, current, default, ["nb", "nn"], cfg) for fn in (own, memo, memo)]
                for m in made:
                    assert list(m.alternates) == [current] and m.alternates[current] is m
                seen = [{k: v for k, v in vars(m).items() if k != "alternates"} for m in made]
                assert seen[0] == seen[1] == seen[2], f.src_uri
    made_before = filememo.I18N_FILES_MADE[0]
    memo(next(iter(files)), "nb", "nb", ["nb", "nn"], cfg)
    assert filememo.I18N_FILES_MADE[0] == made_before  # from the memo


def test_page_templates_rendered_once_per_shape(tmp_path, form_cache):
    """Our page templates (sandboxed Jinja, the partials) are rendered once per page shape
    (which branches a municipality takes, its loops' lengths), not once per municipality:
    a shape's second page is rendered as usual, with tokens and with the probes; from the
    third on, pages are the skeleton with the values put in (ipforms.site.pagememo)."""
    from ipforms.site import pagememo, render

    pagememo._ENTRIES.clear()
    n = 5
    rendered, pages = _counted_builds(tmp_path, form_cache, n, render.RENDERS)
    assert rendered[0] >= pages, rendered
    assert rendered[2:] == [0] * (n - 2), (pages, rendered)
