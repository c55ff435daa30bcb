"""The archive of fetched bytes: WARC files written with `warcio`, made durable before anything points at them.

Why WARC: it is the standard web-archive format (ISO 28500), readable by warcio, pywb, the Internet Archive's
and national libraries' tools; it keeps the HTTP status line and headers with the exact body bytes, so a claim can
be re-checked later against what we saw, and re-extraction (`spbe reextract`) needs no re-crawl.

Layout: `<directory>/spbe-YYYYMMDD-<pid>.warc.gz`, one file per run and UTC day. Each record is its own gzip
member, so `(warc_path, warc_offset)` is a seekable address (`read_record`). Per article: a `response` record
(status, headers, body; `WARC-Target-URI` = final URL) and a `request` record pointing at it
(`WARC-Concurrent-To`). Extension headers on the response: `X-Spbe-Sha256` (hex SHA-256 of the body),
`X-Spbe-Canonical-Url`, `X-Spbe-Requested-Url`. Bodies are stored as the fetcher returned them (content-decoded),
so `Content-Encoding`/`Transfer-Encoding` are renamed `X-Orig-...` and `Content-Length` is set to the stored size.

Deduplication: `<directory>/index.jsonl` maps SHA-256 → location; storing a body already archived returns the
existing location and writes nothing.
"""
from __future__ import annotations

import hashlib
import json
import os
import threading
from dataclasses import dataclass
from datetime import datetime, timezone
from http import HTTPStatus
from io import BytesIO
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from extractors.fetch import FetchResult

INDEX_NAME = "index.jsonl"
_RENAMED = {"content-encoding", "transfer-encoding", "content-length"}


@dataclass(frozen=True)
class ArchivedRecord:
    warc_path: str          # relative to the archive directory
    warc_offset: int        # byte offset of the response record's gzip member
    warc_record_id: str     # "<urn:uuid:...>"
    sha256: str             # hex digest of the body
    deduplicated: bool = False  # True when an earlier record with the same digest was returned


@dataclass(frozen=True)
class ArchivedResponse:
    url: str                # WARC-Target-URI (the final URL)
    status: int | None
    headers: dict[str, str]  # HTTP headers as stored (lower-case names)
    body: bytes
    sha256: str             # digest of the body as read now
    sha256_ok: bool         # matches the digest recorded when it was written
    record_id: str
    warc_date: str
    canonical_url: str | None


class WarcArchive:
    """Append-only WARC archive in `directory`. Thread-safe; `store` returns only after fsync."""

    def __init__(self, directory: str | os.PathLike[str], *, prefix: str = "spbe"):
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.prefix = prefix
        self._lock = threading.Lock()
        self._index: dict[str, ArchivedRecord] = {}
        idx = self.directory / INDEX_NAME
        if idx.exists():
            for line in idx.read_text("utf-8").splitlines():
                try:
                    d = json.loads(line)
                    self._index[d["sha256"]] = ArchivedRecord(d["warc_path"], int(d["warc_offset"]),
                                                              d["warc_record_id"], d["sha256"])
                except (ValueError, KeyError):
                    continue  # a torn last line after a crash: that record is simply not deduplicated

    def known(self, sha256: str) -> ArchivedRecord | None:
        """Where a body with this digest is already archived, if it is."""
        rec = self._index.get(sha256)
        return ArchivedRecord(rec.warc_path, rec.warc_offset, rec.warc_record_id, rec.sha256, True) if rec else None

    def _current_name(self, when: datetime) -> str:
        return f"{self.prefix}-{when.astimezone(timezone.utc):%Y%m%d}-{os.getpid()}.warc.gz"

    def store(self, result: FetchResult, canonical_url: str) -> ArchivedRecord:
        """Archive a fetched body (response + request records); durable (flushed and fsynced) on return.

        Raises ValueError when the result has no body (errors and 304s have nothing to archive).
        """
        if result.body is None:
            raise ValueError(f"nothing to archive for {result.url}: no body ({result.error or 'not modified'})")
        body = result.body
        digest = hashlib.sha256(body).hexdigest()
        with self._lock:
            existing = self.known(digest)
            if existing:
                return existing
            name = self._current_name(result.fetched_at)
            path = self.directory / name
            with open(path, "ab") as fh:
                writer = WARCWriter(fh, gzip=True)
                status = result.status or 200
                try:
                    reason = HTTPStatus(status).phrase
                except ValueError:
                    reason = "Unknown"
                http_headers = []
                for k, v in result.headers.items():
                    if k.lower() in _RENAMED:
                        if k.lower() != "content-length":
                            http_headers.append(("X-Orig-" + k.title(), v))
                        continue
                    http_headers.append((k.title(), v))
                http_headers.append(("Content-Length", str(len(body))))
                status_headers = StatusAndHeaders(f"{status} {reason}", http_headers, protocol="HTTP/1.1")
                warc_date = result.fetched_at.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
                target = result.final_url or result.url
                resp = writer.create_warc_record(
                    target, "response", payload=BytesIO(body), http_headers=status_headers,
                    warc_headers_dict={
                        "WARC-Date": warc_date,
                        "X-Spbe-Sha256": digest,
                        "X-Spbe-Canonical-Url": canonical_url,
                        "X-Spbe-Requested-Url": result.url,
                    })
                record_id = resp.rec_headers.get_header("WARC-Record-ID")
                fh.seek(0, os.SEEK_END)
                offset = fh.tell()
                writer.write_record(resp)
                req_headers = StatusAndHeaders(
                    f"GET {_path_of(target)} HTTP/1.1",
                    [("Host", _host_of(target)), ("Accept-Encoding", "gzip, deflate")], is_http_request=True)
                req = writer.create_warc_record(
                    target, "request", http_headers=req_headers,
                    warc_headers_dict={"WARC-Date": warc_date, "WARC-Concurrent-To": record_id})
                writer.write_record(req)
                fh.flush()
                os.fsync(fh.fileno())
            rec = ArchivedRecord(name, offset, record_id, digest)
            with open(self.directory / INDEX_NAME, "a", encoding="utf-8") as ix:
                ix.write(json.dumps({"sha256": digest, "warc_path": name, "warc_offset": offset,
                                     "warc_record_id": record_id, "url": canonical_url}) + "\n")
                ix.flush()
                os.fsync(ix.fileno())
            self._index[digest] = rec
            return rec


def _path_of(url: str) -> str:
    from urllib.parse import urlsplit

    p = urlsplit(url)
    return (p.path or "/") + (f"?{p.query}" if p.query else "")


def _host_of(url: str) -> str:
    from urllib.parse import urlsplit

    return urlsplit(url).netloc


def read_record(directory: str | os.PathLike[str], warc_path: str, offset: int) -> ArchivedResponse:
    """Re-read the response record at `offset` and check its body against the recorded SHA-256."""
    path = Path(directory) / warc_path
    with open(path, "rb") as fh:
        fh.seek(offset)
        for record in ArchiveIterator(fh):
            if record.rec_type != "response":
                raise ValueError(f"{warc_path}@{offset}: a {record.rec_type} record, not a response")
            body = record.content_stream().read()
            digest = hashlib.sha256(body).hexdigest()
            expected = record.rec_headers.get_header("X-Spbe-Sha256")
            hdrs = {}
            status = None
            if record.http_headers is not None:
                hdrs = {k.lower(): v for k, v in record.http_headers.headers}
                try:
                    status = int(record.http_headers.get_statuscode())
                except (TypeError, ValueError):
                    status = None
            return ArchivedResponse(
                url=record.rec_headers.get_header("WARC-Target-URI"), status=status, headers=hdrs, body=body,
                sha256=digest, sha256_ok=(expected == digest),
                record_id=record.rec_headers.get_header("WARC-Record-ID"),
                warc_date=record.rec_headers.get_header("WARC-Date"),
                canonical_url=record.rec_headers.get_header("X-Spbe-Canonical-Url"))
    raise ValueError(f"{warc_path}@{offset}: no record there")
