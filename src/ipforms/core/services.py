"""The three services a person can apply for: one home for their ids and spellings.

A service's **id** is how municipality data, page files, URLs and the prefilled
forms name it (``individuell-plan``).  The forms and their checks use a short
**key** in field names and message codes (``service_ip``, ``scope_ip``, ``service.ip``).

>>> [key(s) for s in SERVICES]
['ip', 'koordinator', 'barnekoordinator']
>>> checkbox("individuell-plan"), from_key("ip")
('service_ip', 'individuell-plan')
"""

from __future__ import annotations

#: the ids, in their natural order (menus, forms, reports)
SERVICES = ("individuell-plan", "koordinator", "barnekoordinator")
#: id -> short key in form field names and message codes
KEYS: dict[str, str] = {"individuell-plan": "ip", "koordinator": "koordinator",
                        "barnekoordinator": "barnekoordinator"}
#: the short keys, in the same order
SERVICE_KEYS = tuple(KEYS[s] for s in SERVICES)


def key(service: str) -> str:
    """The short key of a service id."""
    return KEYS[service]


def from_key(short: str) -> str:
    """The service id of a short key."""
    return SERVICES[SERVICE_KEYS.index(short)]


def checkbox(service: str) -> str:
    """The application's checkbox for a service id (``service_<key>``)."""
    return f"service_{KEYS[service]}"
