"""The form fields of any AcroForm PDF as ``ipforms fields`` lists them: name (the address
``ipforms fill`` takes), type, value and options, with the page and rectangle of fields
that share a name; or one JSON object per field."""

from __future__ import annotations

import json

from .acroform import PdfField, addresses, lookalike_note, places, shared, widget_pages


def field_listing(reader, found: list[PdfField], as_json: bool) -> tuple[list[str], list[str]]:
    """What ``ipforms fields`` prints for the fields ``found`` in a form (as
    :func:`~ipforms.forms.acroform.read_form` reads it): a line per field (a table, or a
    JSON object each), and a note for each name that separate fields share."""
    lines: list[str] = []
    by_address = addresses(found)
    pages = widget_pages(reader)
    if as_json:
        for address, f in by_address.items():
            lines.append(json.dumps({
                "name": f.name, "address": address, "type": f.describe_type(),
                "value": f.shown_value, "options": f.choices, "readonly": f.readonly,
                "max_length": f.max_length, "label": f.label,
                "widgets": [{"page": page, "rect": [round(v, 2) for v in rect]}
                            for page, rect in places(f, pages)]}, ensure_ascii=False))
    else:
        ambiguous = any(address != f.name for address, f in by_address.items())
        rows = []
        for address, f in by_address.items():
            row = [address, f.describe_type() + (" (read-only)" if f.readonly else ""),
                   f.shown_value,
                   ", ".join(f.choices)]
            if ambiguous:  # where each of the same-named fields is
                row.insert(3, "; ".join(_place(page, rect) for page, rect in places(f, pages))
                           if address != f.name else "")
            rows.append(row)
        head = ["name", "type", "value"] + (["place"] if ambiguous else []) + ["options"]
        widths = [max(len(r[i]) for r in rows + [head]) for i in range(len(head) - 1)]
        for r in [head] + rows:  # every column padded but the last
            cells = [f"{c:{w}}" for c, w in zip(r, widths, strict=False)] + [r[-1]]
            lines.append("  ".join(cells).rstrip())
    notes = []
    for name in dict.fromkeys(f.name for f in found):
        same = shared(by_address, name)
        if same:
            also = lookalike_note(by_address, name)
            notes.append(f"note: {len(same)} separate fields share the name {name!r}; fill each "
                         f"by its address: {', '.join(same)}" + (f" ({also})" if also else ""))
    return lines, notes


def _place(page: int | None, rect: tuple[float, ...]) -> str:
    """``p. 1 [158.5 654.2 172.5 668.2]``: a widget's page and rectangle in points."""
    return (f"p. {page} " if page else "no page ") + "[" + " ".join(f"{v:.1f}" for v in rect) + "]"
