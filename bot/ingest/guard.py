"""SSRF guard: feeds and article pages may only reach public http(s) addresses.

Two layers. `check_url` gives an early, clear error for a URL (scheme, literal IPs, what the
host resolves to). `GuardedBackend` is the enforcement: it is the httpcore network backend of
the shared client, so the address actually connected is checked, on every redirect hop and
every retry, and a DNS answer that changes between the check and the connection (rebinding)
cannot slip through.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import typing
from collections.abc import Iterable
from urllib.parse import urlsplit

import httpcore

from bot.config import IngestSettings

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

_CGNAT = ipaddress.ip_network("100.64.0.0/10")
_HINT = "set ingest.allow_private_networks or list the host in ingest.allowed_hosts to allow it"


class UnsafeURLError(ValueError):
    """A URL we refuse to fetch; the message is meant for the admin who added it."""


def address_problem(address: IPAddress) -> str | None:
    """Why an address must not be contacted, or None for a public unicast address."""
    if isinstance(address, ipaddress.IPv6Address):
        mapped = address.ipv4_mapped or address.sixtofour
        if mapped is not None:
            return address_problem(mapped)
    if address.is_unspecified:
        return "an unspecified address"
    if address.is_loopback:
        return "a loopback address"
    if address.is_link_local:
        return "a link-local address"
    if address.is_multicast:
        return "a multicast address"
    if isinstance(address, ipaddress.IPv4Address) and address in _CGNAT:
        return "a carrier-grade NAT address"
    if address.is_private:
        return "a private address"
    if not address.is_global:
        return "not a public address"
    return None


def _host_allowed(host: str, settings: IngestSettings) -> bool:
    def plain(name: str) -> str:
        return name.strip("[]").rstrip(".").lower()

    return any(plain(host) == plain(allowed) for allowed in settings.allowed_hosts)


def _literal(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


async def resolve_host(
    host: str,
    port: int,
    timeout: float | None,  # noqa: ASYNC109 - also httpcore's contract
) -> list[IPAddress]:
    loop = asyncio.get_running_loop()
    try:
        async with asyncio.timeout(timeout):
            infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise UnsafeURLError(f"cannot resolve host {host!r} ({exc})") from exc
    except TimeoutError as exc:
        raise UnsafeURLError(f"resolving host {host!r} timed out") from exc
    seen: list[IPAddress] = []
    for info in infos:
        # Scope ids ("fe80::1%eth0") are not part of the address itself.
        address = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
        if address not in seen:
            seen.append(address)
    return seen


def _refuse_any(host: str, addresses: Iterable[IPAddress], what: str) -> None:
    for address in addresses:
        if problem := address_problem(address):
            shown = host if str(address) == host.strip("[]") else f"{host} ({address})"
            raise UnsafeURLError(f"refused {what}: {shown} is {problem}; {_HINT}")


async def check_url(
    url: str,
    settings: IngestSettings,
    *,
    resolve: bool = True,
    timeout: float | None = 10,  # noqa: ASYNC109 - DNS only
) -> str:
    """Return `url` if it is http(s) and its host is public (or allowed); else UnsafeURLError.

    With `resolve=False` host names are not looked up here (the connection check does it).
    """
    try:
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise UnsafeURLError(f"not a valid URL: {url!r} ({exc})") from exc
    if parts.scheme not in {"http", "https"}:
        raise UnsafeURLError(f"refused {url!r}: only http and https URLs can be fetched")
    host = parts.hostname
    if not host:
        raise UnsafeURLError(f"refused {url!r}: the URL has no host")
    if settings.allow_private_networks or _host_allowed(host, settings):
        return url
    literal = _literal(host)
    if literal is not None:
        _refuse_any(host, [literal], url)
    elif resolve:
        _refuse_any(host, await resolve_host(host, port, timeout), url)
    return url


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """Resolves the host itself, refuses non-public answers, then connects to the checked IP.

    TLS server name and the Host header come from the URL, not from this call, so they keep
    the original host name.
    """

    def __init__(self, settings: IngestSettings, inner: httpcore.AsyncNetworkBackend) -> None:
        self._settings = settings
        self._inner = inner

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,  # noqa: ASYNC109 - httpcore's interface
        local_address: str | None = None,
        socket_options: typing.Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        if self._settings.allow_private_networks or _host_allowed(host, self._settings):
            return await self._inner.connect_tcp(host, port, timeout, local_address, socket_options)
        literal = _literal(host)
        addresses = [literal] if literal is not None else await resolve_host(host, port, timeout)
        _refuse_any(host, addresses, f"connection to {host}:{port}")
        last: Exception | None = None
        for address in addresses:
            try:
                return await self._inner.connect_tcp(
                    str(address), port, timeout, local_address, socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last = exc
        assert last is not None
        raise last

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,  # noqa: ASYNC109 - httpcore's interface
        socket_options: typing.Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        raise UnsafeURLError("refused: unix sockets are never fetched")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)
