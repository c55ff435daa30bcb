"""WARC archive: round trip, seekable offsets, digest check, dedupe, readable by plain warcio."""
from __future__ import annotations

import gzip
from datetime import datetime, timezone

import pytest
from warcio.archiveiterator import ArchiveIterator

from extractors.archive import WarcArchive, read_record
from extractors.fetch import FetchPolicy, FetchResult, LiveFetcher
from httpfaults import Reply, fault_server  # noqa: F401

HTML = "<html><body><p>Indeks SPBE Kota Bekasi 3,8 \u201cbaik\u201d</p></body></html>".encode()


def result(body: bytes, url: str = "https://rakyatbekasi.com/a/") -> FetchResult:
    import hashlib

    return FetchResult(url=url + "?utm_source=x", final_url=url, status=200,
                       headers={"content-type": "text/html; charset=utf-8", "content-encoding": "gzip",
                                "content-length": "12", "etag": '"v1"'},
                       body=body, content_type="text/html", charset="utf-8", bytes=len(body),
                       sha256=hashlib.sha256(body).hexdigest(),
                       fetched_at=datetime(2025, 1, 27, 2, 15, tzinfo=timezone.utc))


def test_round_trip_and_digest(tmp_path):
    arch = WarcArchive(tmp_path)
    r1 = arch.store(result(HTML), "https://rakyatbekasi.com/a/")
    r2 = arch.store(result(b"<html>second</html>", "https://rakyatbekasi.com/b/"), "https://rakyatbekasi.com/b/")
    assert r1.warc_path == r2.warc_path and r1.warc_path.startswith("spbe-20250127-")
    assert r1.warc_path.endswith(".warc.gz") and r2.warc_offset > r1.warc_offset
    assert r1.warc_record_id.startswith("<urn:uuid:") and len(r1.sha256) == 64
    back = read_record(tmp_path, r1.warc_path, r1.warc_offset)
    assert back.body == HTML and back.sha256_ok and back.sha256 == r1.sha256
    assert back.url == "https://rakyatbekasi.com/a/" and back.status == 200
    assert back.headers["etag"] == '"v1"' and back.headers["content-length"] == str(len(HTML))
    assert "content-encoding" not in back.headers and back.headers["x-orig-content-encoding"] == "gzip"
    assert back.canonical_url == "https://rakyatbekasi.com/a/" and back.warc_date == "2025-01-27T02:15:00Z"
    assert read_record(tmp_path, r2.warc_path, r2.warc_offset).body == b"<html>second</html>"


def test_each_record_is_its_own_gzip_member_and_plain_warcio_reads_it(tmp_path):
    arch = WarcArchive(tmp_path)
    rec = arch.store(result(HTML), "https://rakyatbekasi.com/a/")
    raw = (tmp_path / rec.warc_path).read_bytes()
    assert raw[rec.warc_offset:rec.warc_offset + 2] == b"\x1f\x8b"
    assert b"WARC/1" in gzip.decompress(raw[rec.warc_offset:])[:20]
    with open(tmp_path / rec.warc_path, "rb") as fh:
        types = [(r.rec_type, r.rec_headers.get_header("WARC-Target-URI")) for r in ArchiveIterator(fh)]
    assert types == [("response", "https://rakyatbekasi.com/a/"), ("request", "https://rakyatbekasi.com/a/")]


def test_corruption_is_detected(tmp_path):
    arch = WarcArchive(tmp_path)
    rec = arch.store(result(HTML), "https://rakyatbekasi.com/a/")
    path = tmp_path / rec.warc_path
    # rewrite the member with one body byte changed (same length), keeping the recorded digest header
    member = gzip.decompress(path.read_bytes()[rec.warc_offset:])
    tampered = member.replace(b"3,8", b"4,8", 1)
    assert tampered != member
    path.write_bytes(path.read_bytes()[:rec.warc_offset] + gzip.compress(tampered))
    back = read_record(tmp_path, rec.warc_path, rec.warc_offset)
    assert not back.sha256_ok and b"4,8" in back.body


def test_dedupe_by_digest_survives_reopen(tmp_path):
    arch = WarcArchive(tmp_path)
    first = arch.store(result(HTML), "https://rakyatbekasi.com/a/")
    again = arch.store(result(HTML, "https://rakyatbekasi.com/amp/a/"), "https://rakyatbekasi.com/a/")
    assert (again.warc_path, again.warc_offset, again.deduplicated) == (first.warc_path, first.warc_offset, True)
    size = (tmp_path / first.warc_path).stat().st_size
    reopened = WarcArchive(tmp_path)
    third = reopened.store(result(HTML), "https://rakyatbekasi.com/a/")
    assert third.warc_offset == first.warc_offset and (tmp_path / first.warc_path).stat().st_size == size
    assert reopened.known(first.sha256).warc_record_id == first.warc_record_id


def test_no_body_is_refused(tmp_path):
    with pytest.raises(ValueError):
        WarcArchive(tmp_path).store(FetchResult(url="u", final_url="u", status=304, not_modified=True), "u")


def test_live_fetch_then_archive(tmp_path, fault_server):
    fault_server.route("/a", Reply(200, HTML, gzip=True, headers={"ETag": '"x"'}))
    with LiveFetcher(FetchPolicy(default_delay=0, retries=0)) as f:
        res = f.fetch(fault_server.url("/a"))
    rec = WarcArchive(tmp_path).store(res, fault_server.url("/a"))
    back = read_record(tmp_path, rec.warc_path, rec.warc_offset)
    assert back.body == HTML and back.sha256 == res.sha256 and back.sha256_ok
