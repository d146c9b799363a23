"""Yes and no as people write them (in answers files, ``--set`` and checks): one
home for the words, in Norwegian and English.

>>> parse_yes_no("Ja"), parse_yes_no("off"), parse_yes_no("kanskje")
(True, False, None)
"""

from __future__ import annotations

#: words read as yes (compared in lower case)
YES = frozenset({"true", "yes", "ja", "on", "1", "x"})
#: words read as no; an empty value is no
NO = frozenset({"false", "no", "nei", "off", "0", ""})
#: how messages list them
WORDS = "yes or no (true/false, ja/nei, on/off)"


def parse_yes_no(value: object) -> bool | None:
    """True or False for a yes/no word (or a bool); None for anything else."""
    if isinstance(value, bool):
        return value
    s = str(value if value is not None else "").strip().lower()
    return True if s in YES else False if s in NO else None
