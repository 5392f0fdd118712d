"""The address a request comes from, seen through the reverse proxies the operator trusts."""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(trusted: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(network, strict=False) for network in trusted)


def _is_trusted(address: str, networks: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def from_trusted_proxy(request: HttpRequest) -> bool:
    """Whether the connection comes from one of ``TRUSTED_PROXIES``, whose headers may be
    believed."""
    remote = request.META.get("REMOTE_ADDR") or ""
    return _is_trusted(remote, _networks(tuple(settings.TRUSTED_PROXIES)))


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: the connection's, or behind ``TRUSTED_PROXIES`` the forwarded one.

    Each proxy appends the address it received the request from to ``X-Forwarded-For``, and
    anything a client sends itself stands to the left. So the list is read from the right, and
    the first address that is not a trusted proxy's is the client's; a malformed entry ends the
    reading, and the last trusted hop is taken instead.
    """
    remote = request.META.get("REMOTE_ADDR") or None
    networks = _networks(tuple(settings.TRUSTED_PROXIES))
    if remote is None or not _is_trusted(remote, networks):
        return remote
    address = remote
    for hop in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        hop = hop.strip()
        try:
            ipaddress.ip_address(hop)
        except ValueError:
            break
        address = hop
        if not _is_trusted(hop, networks):
            break
    return address
