"""The online form's page data in two parts (ipforms.site.webdata): the language's data
file, the same for every page and municipality, and each page's own values."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from ipforms.core.municipality import load_municipality
from ipforms.site import webdata, webform

from webformpage import data_file, own_data

REPO = Path(__file__).resolve().parents[1]
HOSTILE = "</script><!--<script>&amp; \u2028\u2029 {{ x }} «Sámi» áčđŋšŧž \"'" + "x" * 5000


def _page(slug: str, lang: str, key: str) -> tuple[dict, bytes, bytes]:
    m = load_municipality(REPO / "data" / "municipalities" / f"{slug}.yml")
    data = webform.page_data(m, lang, key, {}, {"soknad": "s.pdf"})
    shared = webform.data_file(lang)
    return data, webform.page_html(m, lang, key, data, "s.pdf", shared=shared), shared.script


@pytest.mark.parametrize("lang", ["nb", "nn"])
@pytest.mark.parametrize("key", ["soknad", "koordinator", "fullmakt"])
def test_the_two_parts_joined_are_the_page_data(lang, key):
    data, html, script = _page("oyer", lang, key)
    shared, own = data_file(script.decode()), own_data(html.decode())
    assert shared.pop("shared") == own.pop("shared")
    assert {**shared, **own} == json.loads(webform.page_json(data))
    # the fullmakt page has its own form definitions; the language's values are the file's
    assert ("forms" in own) == (key == "fullmakt") and "messages" not in own


def test_the_data_file_is_the_same_for_every_municipality():
    assert _page("oyer", "nb", "soknad")[2] is _page("fjord", "nb", "soknad")[2]
    assert _page("oyer", "nn", "soknad")[2] != _page("oyer", "nb", "soknad")[2]


def test_the_data_file_is_script_safe_json_with_hostile_values():
    values = {k: [HOSTILE, {"k" + HOSTILE: HOSTILE, "n": 1, "t": True, "z": None}] for k in webdata.SHARED_KEYS}
    f = webdata.shared_file("xx", values)
    text = f.script.decode("utf-8")
    assert not re.search("[<>&\u2028\u2029]", text)  # webformpage.data_file checks it too
    got = data_file(text)
    assert got.pop("shared") == f.stamp and got == values
    own = webdata.own_blob({"lang": "xx", "contact": HOSTILE, "forms": values["forms"]}, f)
    assert not re.search("[<>&\u2028\u2029]", own.decode("utf-8"))
    assert json.loads(own) == {"lang": "xx", "contact": HOSTILE, "shared": f.stamp}


def test_an_equal_value_made_anew_stays_in_the_page():
    values = {k: [k] for k in webdata.SHARED_KEYS}
    f = webdata.shared_file("xy", values)
    assert json.loads(webdata.own_blob({"messages": ["messages"], "texts": values["texts"]}, f)) \
        == {"messages": ["messages"], "shared": f.stamp}
    assert json.loads(webdata.own_blob({}, f)) == {"shared": f.stamp}
    with pytest.raises(ValueError):
        webdata.own_blob({"shared": "x"}, f)


def test_another_build_s_data_file_has_another_stamp():
    a = webdata.shared_file("xz", {k: [k] for k in webdata.SHARED_KEYS})
    b = webdata.shared_file("xz", {k: [k, 1] for k in webdata.SHARED_KEYS})
    assert a.stamp != b.stamp and b.stamp in b.script.decode()
