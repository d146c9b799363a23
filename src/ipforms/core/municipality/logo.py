"""The logo: a file beside the data file, published on the site, so it must be a plain
file of bounded size and, when SVG, hold nothing that runs or loads another file."""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import DataError
from ..files import read_bytes
from .schema import Municipality

#: the largest logo file read (a logo is a few kB; this keeps a mistake from filling a site)
LOGO_LIMIT = 1 << 20
_SVG_NS = "http://www.w3.org/2000/svg"
_XHTML_NS = "http://www.w3.org/1999/xhtml"
#: elements that run script, show foreign (HTML) content or load other documents
_SVG_ACTIVE = {"script", "foreignobject", "iframe", "embed", "object", "handler", "listener",
               "audio", "video", "canvas"}
_SVG_ANIMATE = {"set", "animate", "animatemotion", "animatetransform", "animatecolor"}
_SVG_URL = re.compile(r"url\s*\(\s*['\"]?(?!#)|@import", re.I)
_RASTER_DATA = re.compile(r"^data:image/(png|jpeg|gif|webp);", re.I)


def svg_problem(data: bytes) -> str | None:
    """Why an SVG logo cannot be published (None: it can).  The logo is a file of
    the site: opened by its own address it runs in the site's origin, so it may hold
    no script, no event handler, no foreign (HTML) content, no DTD or entities and
    no reference to another file (only ``#fragment`` and raster ``data:`` images).

    >>> svg_problem(b'<svg xmlns="http://www.w3.org/2000/svg"><circle r="4"/></svg>')
    >>> svg_problem(b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>')
    "it holds an event handler ('onload')"
    """
    import xml.etree.ElementTree as ET

    head = data[:4096].lower()
    if b"<!doctype" in data.lower() or b"<!entity" in head:
        return "it holds a DTD or entity declaration (<!DOCTYPE ...>)"
    if re.search(rb"<\?(?!xml\s)", data):
        return "it holds a processing instruction such as <?xml-stylesheet ...?>"
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        return f"it is not well-formed XML ({exc})"
    if root.tag != f"{{{_SVG_NS}}}svg":
        return "it is not an SVG file (its first element is not <svg> in the SVG namespace)"
    for el in root.iter():
        ns, _, local = str(el.tag).rpartition("}")
        local = local.lower()
        if ns.lstrip("{") == _XHTML_NS or local in _SVG_ACTIVE:
            return f"it holds a <{local}> element"
        for name, value in el.attrib.items():
            attr = name.rpartition("}")[2].lower()
            if attr.startswith("on"):
                return f"it holds an event handler ({attr!r})"
            if attr in ("href", "src") and not (value.strip().startswith("#")
                                                or _RASTER_DATA.match(value.strip())):
                return f"it refers to another file ({value[:60]!r})"
            if attr == "style" and _SVG_URL.search(value):
                return "it holds a style that loads another file (url(...))"
            if local in _SVG_ANIMATE and attr == "attributename" \
                    and value.rpartition(":")[2].lower() in ("href", "src"):
                return f"it holds an <{local}> that changes a link"
        if local == "style" and _SVG_URL.search("".join(el.itertext())):
            return "it holds a style sheet that loads another file (url(...) or @import)"
    return None


def read_logo(path: str | Path) -> bytes:
    """The logo's bytes, or a :class:`DataError`: the file must be a regular file in
    the data folder (not a link out of it, not a pipe or device), at most
    :data:`LOGO_LIMIT` bytes, and an SVG logo must pass :func:`svg_problem`."""
    path = Path(path)
    data = read_bytes(path, DataError, within=path.parent, limit=LOGO_LIMIT)
    if path.suffix.lower() == ".svg":
        problem = svg_problem(data)
        if problem:
            raise DataError(f"this SVG logo cannot be published: {problem}",
                            file=path, hint="export the logo again as plain SVG (or as PNG)")
    return data


def logo_file(m: Municipality, data_dir: str | Path) -> Path | None:
    """The logo's file (beside the data file), or None."""
    return Path(data_dir) / m.logo if m.logo else None

