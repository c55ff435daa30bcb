"""Build the bundled sample news site from the five seed articles (run once; the output is committed).

The pages look like a WordPress regional news site: navigation, share bar, the article, a "Baca Juga" line,
a "Berita Terkait" list whose headlines mention *other* scores (boilerplate the claim rules must ignore),
comments and a footer. Absolute links use the placeholder {{BASE_URL}}, filled in by the sample server
(flows/sample_site.py) with the address it listens on.

    .venv/bin/python sample_site/build.py
"""
from __future__ import annotations

import html
import json
import re
from datetime import date
from email.utils import format_datetime
from datetime import datetime, timezone, timedelta
from pathlib import Path

HERE = Path(__file__).parent
SEEDS = HERE.parent / "tests" / "corpus" / "seeds"
OUT = HERE / "site"
B = "{{BASE_URL}}"
WIB = timezone(timedelta(hours=7))
HARI = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
BULAN = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
         "November", "Desember"]
RELATED = [
    "Indeks SPBE Kabupaten Bogor Naik Jadi 3,52, Predikat Sangat Baik",
    "Pemprov Jabar Raih Peringkat Kedua Digital Government Award",
    "Kota Depok Targetkan Indeks SPBE 4,1 Tahun Depan",
    "Harga Cabai di Pasar Baru Turun Jelang Akhir Pekan",
]
COMMENT = "Semoga tahun depan nilai SPBE kota kita bisa tembus 4,5! Pelayanan online masih sering error."
NAV = ["Beranda", "Daerah", "Nasional", "Ekonomi", "Olahraga", "Indeks"]
EXTRA = {  # one article without any claim: the pipeline keeps it, the rules find nothing in it
    "id": "extra_thr", "date_in_text": "2025-03-19",
    "text": "Wali Kota Bekasi Pastikan THR Pegawai Pemkot Cair Tiga Hari Lagi\n\n"
            "BEKASI – Wali Kota Bekasi memastikan tunjangan hari raya (THR) untuk pegawai Pemkot Bekasi cair "
            "tiga hari lagi. Pencairan dilakukan bertahap melalui bank daerah.\n\n"
            "Menurutnya, anggaran THR tahun ini naik 4,5 persen dibanding tahun lalu sehingga seluruh pegawai, "
            "termasuk tenaga honorer, akan menerima haknya tepat waktu.",
}


def slugify(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:70]


def split_article(text: str) -> tuple[str, list[str], list[str]]:
    """Title, body paragraphs, and the related-headline lines that followed 'Berita Terkait'."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    while lines and lines[0].split(",")[0] in HARI:  # a dateline printed above the headline
        lines.pop(0)
    title = lines[0]
    body, related = [], []
    cut = False
    for ln in lines[1:]:
        if ln.startswith("Berita Terkait") or ln.startswith("Berita Terbaru"):
            cut = True
            continue
        if ln == title:
            continue
        (related if cut else body).append(ln)
    return title, body, related


def paragraph(line: str) -> str:
    if line.startswith("Baca Juga"):
        head, _, rest = line.partition(":")
        return f'<p class="baca-juga"><strong>{html.escape(head)}:</strong> <a href="{B}/baca-juga/">{html.escape(rest.strip())}</a></p>'
    return f"<p>{html.escape(line)}</p>"


def page(doc: dict, n: int) -> tuple[str, dict]:
    title, body, related = split_article(doc["text"])
    d = date.fromisoformat(doc["date_in_text"])
    slug = slugify(title)
    path = f"/{d:%Y/%m/%d}/{slug}/"
    when = datetime(d.year, d.month, d.day, 9, 15, tzinfo=WIB)
    shown = f"{HARI[d.weekday()]}, {d.day} {BULAN[d.month - 1]} {d.year} - 09:15 WIB"
    # Half the pages state the date in machine-readable metadata, half only in words (as many sites do).
    meta_date = (f'<meta property="article:published_time" content="{when.isoformat()}">' if n % 2 == 0 else "")
    related_items = "".join(f'<li><a href="{B}/terkait/{i}/">{html.escape(h)}</a></li>'
                            for i, h in enumerate(RELATED + related[:3]))
    nav = "".join(f'<li><a href="{B}/kategori/{x.lower()}/">{x}</a></li>' for x in NAV)
    doc_html = f"""<!DOCTYPE html>
<html lang="id">
<head>
<meta charset="utf-8">
<title>{html.escape(title)} - Warta Daerah Contoh</title>
<link rel="canonical" href="{B}{path}">
<link rel="alternate" type="application/rss+xml" title="Warta Daerah Contoh" href="{B}/feed/">
<meta property="og:site_name" content="Warta Daerah Contoh">
<meta property="og:title" content="{html.escape(title)}">
{meta_date}
<meta name="author" content="Redaksi Warta Daerah">
</head>
<body>
<header class="site-header"><a class="logo" href="{B}/">Warta Daerah Contoh</a>
<nav><ul>{nav}</ul></nav></header>
<main>
<article class="post">
<h1 class="entry-title">{html.escape(title)}</h1>
<div class="entry-meta"><span class="author">Redaksi</span> &middot; <span class="date">{shown}</span></div>
<div class="share">Bagikan: facebook twitter whatsapp telegram</div>
<div class="entry-content">
{chr(10).join(paragraph(p) for p in body)}
</div>
<div class="tags">Tag: <a href="{B}/tag/spbe/">SPBE</a> <a href="{B}/tag/pemerintahan/">Pemerintahan</a></div>
</article>
<aside class="related-posts"><h3>Berita Terkait</h3><ul>{related_items}</ul></aside>
<section id="comments"><h3>Komentar</h3><div class="comment"><span class="comment-author">Warga</span><p>{html.escape(COMMENT)}</p></div></section>
</main>
<footer class="site-footer"><p>&copy; {d.year} Warta Daerah Contoh. Redaksi: Jl. Contoh No. 1. Pedoman Media Siber.</p></footer>
</body>
</html>
"""
    item = {"path": path, "title": title, "date": when, "summary": body[0] if body else title}
    return doc_html, item


def main() -> None:
    docs = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(SEEDS.glob("seed_*.json"))] + [EXTRA]
    items = []
    for n, doc in enumerate(docs):
        text, item = page(doc, n)
        target = OUT / item["path"].strip("/") / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        items.append(item)
    items.sort(key=lambda i: i["date"], reverse=True)
    rss_items = "".join(
        f"<item><title>{html.escape(i['title'])}</title><link>{B}{i['path']}</link>"
        f"<guid isPermaLink=\"true\">{B}{i['path']}</guid><pubDate>{format_datetime(i['date'])}</pubDate>"
        f"<description>{html.escape(i['summary'][:200])}</description></item>" for i in items)
    (OUT / "feed").mkdir(parents=True, exist_ok=True)
    (OUT / "feed" / "index.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Warta Daerah Contoh</title>'
        f"<link>{B}/</link><description>Berita daerah</description><language>id</language>{rss_items}</channel></rss>\n",
        encoding="utf-8")
    urls = "".join(f"<url><loc>{B}{i['path']}</loc><lastmod>{i['date'].isoformat()}</lastmod></url>" for i in items)
    (OUT / "sitemap.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"{urls}</urlset>\n", encoding="utf-8")
    (OUT / "robots.txt").write_text(
        f"User-agent: *\nDisallow: /wp-admin/\nDisallow: /?s=\n\nSitemap: {B}/sitemap.xml\n", encoding="utf-8")
    links = "".join(f'<li><a href="{B}{i["path"]}">{html.escape(i["title"])}</a></li>' for i in items)
    (OUT / "index.html").write_text(
        f'<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>Warta Daerah Contoh</title>'
        f'<link rel="alternate" type="application/rss+xml" href="{B}/feed/"></head>'
        f"<body><h1>Warta Daerah Contoh</h1><ul>{links}</ul></body></html>\n", encoding="utf-8")
    print(f"wrote {len(items)} articles to {OUT}")


if __name__ == "__main__":
    main()
