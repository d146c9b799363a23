"""An online form page's data as the browser has it (webform/shared.js): the page's own
part (its ``<script id="ipf-data">``) joined with the language's data file beside it."""

from __future__ import annotations

import json
import re
from pathlib import Path

BLOCK = re.compile(r'<script id="ipf-data" type="application/json">(.*?)</script>', re.S)
SRC = re.compile(r'<script src="(webform-data-[a-z]+\.js)"></script>\n<script src="webform.js">')
PREFIX = "self.ipformsShared = "


def own_data(html: str) -> dict:
    m = BLOCK.search(html)
    assert m, "no data in the page"
    return json.loads(m.group(1))


def data_file(text: str) -> dict:
    """The value a data file sets (it is a JSON literal, script-safe)."""
    assert text.startswith(PREFIX) and text.endswith(";\n")
    assert not re.search("[<>&\u2028\u2029]", text)
    return json.loads(text[len(PREFIX):-2])


def page_data(html: str, folder: Path) -> dict:
    own = own_data(html)
    m = SRC.search(html)
    assert m, "no data file loaded before webform.js"
    shared = data_file((folder / m.group(1)).read_text(encoding="utf-8"))
    assert shared.pop("shared") == own.pop("shared")
    return {**shared, **own}
