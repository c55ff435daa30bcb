"""URL canonicalisation, so that one article is one row however it was linked.

Why: the same article reaches us as a feed link with `utm_*` parameters, a sitemap URL, an AMP page
(`/amp/`, `?amp=1`, `amp.` host) or a mobile host (`m.`), and sometimes the page itself names its canonical
URL with `<link rel="canonical">`. The warehouse keys articles by the canonical URL.

Built on `courlan` (`clean_url` / `normalize_url`: scheme/host case, default ports, query order, known
trackers) plus an explicit tracking-parameter list and AMP/mobile folding. `rel=canonical` is trusted only when
it stays on the page's registered domain (a hijacked or syndicated canonical must not move the row elsewhere).
Mobile hosts are folded to `www.<domain>` when the rest is the bare registered domain (`m.example.com` →
`www.example.com`) and to the rest otherwise (`m.jabar.antaranews.com` → `jabar.antaranews.com`); AMP pages
always carry a `rel=canonical` to the desktop page, which overrides that guess when the HTML is given.
"""
from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from courlan import clean_url, normalize_url

from extractors.fetch import domain_allowed

# Query parameters that never identify an article (compared lower case; `utm_` is a prefix).
TRACKING_PARAMS = frozenset({
    "fbclid", "gclid", "gclsrc", "dclid", "msclkid", "yclid", "twclid", "ttclid", "igshid", "mc_cid", "mc_eid",
    "_ga", "_gl", "ref", "ref_src", "ref_url", "referrer", "share", "shared", "spm", "cmpid", "wt_mc", "wt.mc_id",
    "amp", "amp_js_v", "amp_gsa", "usqp", "outputtype", "_gsa", "__twitter_impression", "mobile", "m",
    "fb_action_ids", "fb_action_types", "fb_source", "oly_enc_id", "oly_anon_id", "vero_id", "hsctatracking",
    "mkt_tok", "s_cid", "icid", "ncid", "sr_share", "utm",
})
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hsa_", "_hs")
MOBILE_HOST_PREFIXES = ("m.", "amp.", "mobile.")

_LINK_TAG = re.compile(r"<link\b[^>]*>", re.I)
_ATTR = re.compile(r"""([a-zA-Z_:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")


def registered_domain(url: str) -> str:
    """The registrable domain (`jabar.antaranews.com` → `antaranews.com`); the host itself for IPs/localhost."""
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    try:
        from tld import get_fld

        fld = get_fld(host, fix_protocol=True, fail_silently=True)
    except Exception:
        fld = None
    return fld or host


def same_site(url: str, allowed_domains: list[str] | tuple[str, ...] | None) -> bool:
    """True when the URL is http(s) and its host is one of the allowed domains or a subdomain of one."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return False
    return domain_allowed(url, allowed_domains)


def find_rel_canonical(html: bytes | str | None, base_url: str) -> str | None:
    """The absolute `<link rel="canonical" href>` of a page, if any (first one; regex over the head)."""
    if not html:
        return None
    if isinstance(html, bytes):
        html = html[:300_000].decode("utf-8", "replace")
    else:
        html = html[:300_000]
    for tag in _LINK_TAG.findall(html):
        attrs = {m.group(1).lower(): (m.group(2) or m.group(3) or m.group(4) or "") for m in _ATTR.finditer(tag)}
        rels = attrs.get("rel", "").lower().split()
        if "canonical" in rels and attrs.get("href", "").strip():
            return urljoin(base_url, attrs["href"].strip())
    return None


def _fold_host(host: str, url: str) -> str:
    for prefix in MOBILE_HOST_PREFIXES:
        if host.startswith(prefix) and host.count(".") >= 2:
            rest = host[len(prefix):]
            fld = registered_domain("http://" + rest)
            return "www." + rest if rest == fld else rest
    return host


def _fold_path(path: str) -> str:
    segs = path.split("/")
    trailing = path.endswith("/")
    kept = [s for s in segs if s.lower() != "amp"]
    if len(kept) != len(segs):
        path = "/".join(kept) or "/"
        if trailing and not path.endswith("/"):
            path += "/"
        if not path.startswith("/"):
            path = "/" + path
    if path.lower().endswith(".amp"):
        path = path[:-4]
    return path


def _clean_query(query: str) -> str:
    pairs = []
    for k, v in parse_qsl(query, keep_blank_values=True):
        kl = k.lower()
        if kl in TRACKING_PARAMS or kl.startswith(TRACKING_PREFIXES):
            continue
        pairs.append((k, v))
    pairs.sort()
    return urlencode(pairs)


def canonical_url(url: str, html: bytes | str | None = None) -> str:
    """The article's canonical URL: rel=canonical (same registered domain), AMP/mobile folded, no trackers.

    Never raises: a non-http(s) or unparseable URL comes back as given (stripped of whitespace).
    """
    url = (url or "").strip()
    if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).hostname:
        return url
    try:
        target = url
        rel = find_rel_canonical(html, url) if html else None
        if rel and urlsplit(rel).scheme in ("http", "https") and registered_domain(rel) == registered_domain(url):
            target = rel
        cleaned = clean_url(target) or target
        parts = urlsplit(cleaned)
        host = (parts.hostname or "").lower()
        netloc = parts.netloc.lower()
        folded = _fold_host(host, cleaned)
        if folded != host:
            netloc = netloc.replace(host, folded, 1)
        path = _fold_path(parts.path or "/")
        query = _clean_query(parts.query)
        rebuilt = urlunsplit((parts.scheme.lower(), netloc, path, query, ""))
        norm = normalize_url(rebuilt, strict=False)
        return urlunsplit(urlsplit(norm)._replace(fragment=""))
    except Exception:
        return url
