"""Municipality data: one YAML file per municipality in ``data/municipalities/<slug>.yml``.

The schema is a pydantic model (:mod:`.schema`); :func:`load_municipality` (:mod:`.load`)
turns any problem into a :class:`~ipforms.core.errors.DataError` that names the file, the
key path and what was expected (:mod:`.explain` words it); the logo beside the data file
is checked by :mod:`.logo`.  Text a citizen reads is given in both written standards
(``nb`` and ``nn``) as a :class:`Text` pair; everything else (numbers, addresses, e-mail,
links, dates) is one fact shared by both languages.
"""

from __future__ import annotations

from .explain import EXAMPLES
from .load import (DATA_LIMIT, MAX_NODES, DataFile, find_data_files, load_all, load_municipality,
                   parse_municipality, read_data_file, yaml_unfolds)
from .logo import LOGO_LIMIT, logo_file, read_logo, svg_problem
from .schema import (COLOUR_RE, EMAIL_RE, HEADER_TEXT, LINK_SCHEMES, LOGO_SUFFIXES, MIN_CONTRAST,
                     PHONE_RE, SLUG_RE, Address, ByPhone, Channels, Collaboration, ContactPerson,
                     InPerson, IpTool, Link, Links, LocalText, Municipality, Privacy, Sami,
                     SecureDigital, Unit, contrast_ratio, link_allowed, local_markup_problem,
                     relative_luminance)

__all__ = [
    "COLOUR_RE", "DATA_LIMIT", "EMAIL_RE", "EXAMPLES", "HEADER_TEXT", "LINK_SCHEMES", "LOGO_LIMIT",
    "LOGO_SUFFIXES", "MAX_NODES", "MIN_CONTRAST", "PHONE_RE", "SLUG_RE",
    "Address", "ByPhone", "Channels", "Collaboration", "ContactPerson", "DataFile", "InPerson",
    "IpTool", "Link", "Links", "LocalText", "Municipality", "Privacy", "Sami", "SecureDigital", "Unit",
    "contrast_ratio", "find_data_files", "link_allowed", "load_all", "load_municipality",
    "local_markup_problem", "logo_file", "parse_municipality", "read_data_file", "read_logo",
    "relative_luminance", "svg_problem", "yaml_unfolds",
]
