-- 001: the core tables of the spbe-claims warehouse.
-- Column names here are public (README "Data dictionary"); change them only with a new migration.

CREATE TABLE IF NOT EXISTS runs (
    run_id        VARCHAR PRIMARY KEY,          -- uuid of one pipeline run (Prefect flow run id when known)
    kind          VARCHAR NOT NULL,             -- nightly / crawl / reextract / sample
    started_at    TIMESTAMPTZ NOT NULL,
    finished_at   TIMESTAMPTZ,
    status        VARCHAR,                      -- running / completed / failed
    summary       JSON                          -- counts: discovered, fetched, not_modified, failed, articles, claims
);

CREATE TABLE IF NOT EXISTS sources (
    source        VARCHAR PRIMARY KEY,          -- short name from sources.toml ("rakyatbekasi")
    home_url      VARCHAR NOT NULL,
    feeds         VARCHAR[],
    sitemaps      VARCHAR[],
    search_feeds  VARCHAR[],
    allowed_domains VARCHAR[],
    delay_seconds DOUBLE,
    verified      BOOLEAN,                      -- false: listed but never checked against the live site
    updated_at    TIMESTAMPTZ
);

-- Every URL the crawler knows, with what discovery said about it and its crawl state.
CREATE TABLE IF NOT EXISTS urls (
    url           VARCHAR PRIMARY KEY,          -- canonical URL
    source        VARCHAR,
    discovered_via VARCHAR,                     -- feed / sitemap / search_feed / home / cli
    discovered_at TIMESTAMPTZ,
    lastmod       TIMESTAMPTZ,                  -- sitemap <lastmod> or feed date
    hint_title    VARCHAR,                      -- title / summary seen in the feed or sitemap
    relevance     DOUBLE,                       -- prefilter score (0 = not about SPBE)
    state         VARCHAR,                      -- pending / fetched / failed / skipped
    attempts      INTEGER DEFAULT 0,
    last_error    VARCHAR,
    next_attempt_at TIMESTAMPTZ,
    etag          VARCHAR,                      -- validators of the last 200 response, sent back next time
    last_modified VARCHAR,
    body_sha256   VARCHAR                       -- digest of the last body, catches servers that ignore validators
);

-- One row per HTTP request (robots.txt, feeds, sitemaps, articles): the crawl's log.
CREATE TABLE IF NOT EXISTS fetches (
    fetch_id      VARCHAR PRIMARY KEY,          -- uuid
    run_id        VARCHAR,
    url           VARCHAR NOT NULL,             -- URL requested
    final_url     VARCHAR,                      -- after redirects
    kind          VARCHAR,                      -- robots / feed / sitemap / article / home
    status        INTEGER,                      -- HTTP status; NULL when no response
    bytes         BIGINT,
    elapsed_ms    DOUBLE,
    content_type  VARCHAR,
    not_modified  BOOLEAN,                      -- 304, or 200 with an unchanged body digest
    error         VARCHAR,                      -- robots_disallowed / timeout / too_large / not_html / ...: NULL when fine
    attempts      INTEGER,
    fetched_at    TIMESTAMPTZ NOT NULL
);

-- Archived responses: the exact bytes we saw, addressed by digest, stored in WARC files.
CREATE TABLE IF NOT EXISTS pages (
    sha256        VARCHAR PRIMARY KEY,          -- hex digest of the body (payload) bytes
    url           VARCHAR NOT NULL,             -- canonical URL
    final_url     VARCHAR,
    status        INTEGER,
    content_type  VARCHAR,
    charset       VARCHAR,
    bytes         BIGINT,
    etag          VARCHAR,
    last_modified VARCHAR,
    fetched_at    TIMESTAMPTZ NOT NULL,
    warc_path     VARCHAR NOT NULL,             -- relative to the archive directory
    warc_offset   BIGINT NOT NULL,              -- byte offset of the response record
    warc_record_id VARCHAR
);

CREATE TABLE IF NOT EXISTS articles (
    article_id    VARCHAR PRIMARY KEY,          -- sha1 of the canonical URL (stable across runs)
    url           VARCHAR NOT NULL,             -- canonical URL (article_id = sha1 of it)
    source        VARCHAR,
    page_sha256   VARCHAR,                      -- the archived page the text was extracted from
    title         VARCHAR,
    author        VARCHAR,
    sitename      VARCHAR,
    published     DATE,
    date_source   VARCHAR,                      -- htmldate / dateparser / feed / sitemap / none
    text          VARCHAR,                      -- main text (trafilatura); claim offsets point into it
    text_sha256   VARCHAR,
    relevant      BOOLEAN,                      -- mentions the topic: claims are extracted only then
    first_seen    TIMESTAMPTZ,
    last_fetched  TIMESTAMPTZ,
    extractor_version VARCHAR                   -- version of the claim rules last applied
);

CREATE TABLE IF NOT EXISTS claims (
    claim_id      VARCHAR PRIMARY KEY,          -- sha1 of article_id + extractor_version + the claim's facts and offsets
    article_id    VARCHAR NOT NULL,
    entity        VARCHAR NOT NULL,
    entity_type   VARCHAR,
    region_code   VARCHAR,
    metric        VARCHAR NOT NULL,
    metric_name   VARCHAR,
    year          INTEGER,
    year_source   VARCHAR,
    value         DOUBLE,
    scale_max     DOUBLE,
    predicate     VARCHAR,
    rank          INTEGER,
    rank_scope    VARCHAR,
    status        VARCHAR NOT NULL,
    quote         VARCHAR NOT NULL,
    start         INTEGER NOT NULL,
    "end"         INTEGER NOT NULL,
    confidence    DOUBLE,
    rule          VARCHAR,
    extractor_version VARCHAR NOT NULL,
    extracted_at  TIMESTAMPTZ
);
