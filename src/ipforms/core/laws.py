"""The legal basis: acts and regulations on Lovdata, named in both written standards.

One source of facts for every page and report that cites the law.

>>> cite("pbrl", "2-5 b", "nn")
('pasient- og brukarrettslova § 2-5 b', 'https://lovdata.no/lov/1999-07-02-63/%C2%A72-5b')
>>> cite("fvl", "11 a", "nb")[0]
'forvaltningsloven § 11 a'
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from .errors import IpformsError


@dataclass(frozen=True)
class Act:
    nb: str
    nn: str
    url: str
    #: whether sections can be linked as ``<url>/§<section>``
    sections: bool = True


ACTS: dict[str, Act] = {
    "pbrl": Act("pasient- og brukerrettighetsloven", "pasient- og brukarrettslova",
                "https://lovdata.no/lov/1999-07-02-63"),
    "hol": Act("helse- og omsorgstjenesteloven", "helse- og omsorgstenestelova",
               "https://lovdata.no/lov/2011-06-24-30"),
    "fvl": Act("forvaltningsloven", "forvaltningslova", "https://lovdata.no/lov/1967-02-10"),
    "vml": Act("vergemålsloven", "verjemålslova", "https://lovdata.no/lov/2010-03-26-9"),
    "hab-forskrift": Act(
        "forskrift om habilitering og rehabilitering, individuell plan og koordinator",
        "forskrift om habilitering og rehabilitering, individuell plan og koordinator",
        "https://lovdata.no/forskrift/2011-12-16-1256"),
    # The exact FOR-number could not be verified offline; Lovdata's search finds it by title.
    "ip-forskrift": Act(
        "forskrift om individuell plan ved ytelse av velferdstjenester",
        "forskrift om individuell plan ved yting av velferdstenester",
        "https://lovdata.no/sok?q=" + quote("forskrift om individuell plan ved ytelse av velferdstjenester"),
        sections=False),
}


def cite(key: str, section: str | None, lang: str) -> tuple[str, str]:
    """Return ``(link text, URL)`` for an act or one of its sections."""
    try:
        act = ACTS[key]
    except KeyError:
        raise IpformsError(f"unknown law {key!r}; expected one of {', '.join(ACTS)}") from None
    name = getattr(act, lang)
    if not section:
        return name, act.url
    section = " ".join(str(section).split())
    text = f"{name} § {section}"
    if not act.sections:
        return text, act.url
    return text, f"{act.url}/{quote('§' + section.replace(' ', ''))}"
