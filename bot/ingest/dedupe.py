"""Identity of feed items: normalised URLs, stable ids and text fingerprints.

An item has two identities. Its *entry key* is stable within one feed (guid, else link, else
title and date) and records that this feed already delivered it, whatever it does later
(reorder, re-date, drop and re-add). Its *uid* is global: the same article reached through
two feeds, or the same text syndicated by two outlets, is stored once (see
`bot.store.articles`).
"""

from __future__ import annotations

import hashlib
import re
from datetime import datetime
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# Query parameters that only track the reader, never select content.
_TRACKING_PREFIXES = ("utm_", "mtm_", "pk_", "hsa_", "_hs", "__s")
_TRACKING_NAMES = frozenset(
    {
        "fbclid", "gclid", "gclsrc", "dclid", "msclkid", "yclid", "igshid", "twclid",
        "mc_cid", "mc_eid", "mkt_tok", "oly_anon_id", "oly_enc_id", "rb_clickid", "vero_id",
        "wickedid", "_ga", "_gl", "ncid", "cmpid", "sr_share", "at_medium", "at_campaign",
        "ito", "ocid", "ref_src", "ref_url", "guccounter", "guce_referrer",
        "guce_referrer_sig", "spm", "s_cid", "smid",
    }
)  # fmt: skip
_DEFAULT_PORTS = {"http": 80, "https": 443}
_KEY_LIMIT = 500  # the columns hold 512; longer values are replaced by their hash
_WORD = re.compile(r"\w+", re.UNICODE)
# Syndicated copies are recognised only from this length: short teasers ("Read more") collide.
_MIN_FINGERPRINT_WORDS = 25
_GLOBAL_ID = re.compile(r"^(?:https?|tag|urn):", re.IGNORECASE)


def _is_tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered in _TRACKING_NAMES or lowered.startswith(_TRACKING_PREFIXES)


def normalise_url(url: str) -> str:
    """Lower-case scheme and host, no default port, no fragment, no tracking parameters."""
    url = url.strip()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return url
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        return url
    host = parts.hostname.lower()
    if ":" in host:
        host = f"[{host}]"
    if port is not None and port != _DEFAULT_PORTS[scheme]:
        host = f"{host}:{port}"
    if parts.username or parts.password:
        userinfo = parts.username or ""
        if parts.password:
            userinfo += f":{parts.password}"
        host = f"{userinfo}@{host}"
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    query = urlencode([(k, v) for k, v in pairs if not _is_tracking(k)], doseq=True)
    if not pairs:
        query = parts.query
    return urlunsplit((scheme, host, parts.path or "/", query, ""))


def _bounded(value: str) -> str:
    if len(value) <= _KEY_LIMIT:
        return value
    return "sha256:" + hashlib.sha256(value.encode()).hexdigest()


def entry_key(guid: str | None, link: str | None, title: str, published: datetime | None) -> str:
    """Stable within one feed: guid, else the normalised link, else a hash of title and date."""
    if guid and guid.strip():
        return _bounded(guid.strip())
    if link:
        return _bounded(normalise_url(link))
    stamp = published.isoformat() if published else ""
    return "sha256:" + hashlib.sha256(f"{title}\x00{stamp}".encode()).hexdigest()


def global_uid(feed_url: str, guid: str | None, link: str | None, key: str) -> str:
    """Global identity: a guid that is a URI by itself, else the link, else feed-scoped."""
    if guid and _GLOBAL_ID.match(guid.strip()):
        guid = guid.strip()
        return _bounded(normalise_url(guid) if guid.lower().startswith("http") else guid)
    if link:
        return _bounded(normalise_url(link))
    return "sha256:" + hashlib.sha256(f"{feed_url}\x00{key}".encode()).hexdigest()


def text_fingerprint(text: str) -> str | None:
    """Hash of the text's words, case- and punctuation-blind; None for texts too short."""
    return text_measures(text)[1]


def text_measures(text: str) -> tuple[int, str | None]:
    """The text's word count and its fingerprint (see `text_fingerprint`), in one pass."""
    words = _WORD.findall(text.lower())
    if len(words) < _MIN_FINGERPRINT_WORDS:
        return len(words), None
    return len(words), hashlib.sha256(" ".join(words).encode()).hexdigest()


def word_count(text: str) -> int:
    return len(_WORD.findall(text))
