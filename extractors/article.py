"""One archived page → its text and claims: the step the crawl, `spbe reextract` and `spbe verify` share,
so that re-checking evidence runs exactly what produced it."""
from __future__ import annotations

from datetime import date

from extractors.claims import extract_claims, is_relevant
from extractors.model import Claim
from extractors.text import ArticleText, extract_article


def read_article(body: bytes | str, *, url: str | None, charset: str | None = None,
                 fallback_date: date | None = None) -> tuple[ArticleText, bool, list[Claim]]:
    """(text and metadata, mentions the topic?, claims). Claims are read only from relevant texts."""
    art = extract_article(body, url=url, fallback_date=fallback_date, charset=charset)
    text = art.text or ""
    relevant = is_relevant(f"{art.title or ''}\n{text}")
    claims = extract_claims(text, published=art.published, title=art.title) if relevant else []
    return art, relevant, claims
