-- 002: official SPBE evaluation results (KemenPAN-RB), loaded by `spbe import-official` (warehouse/official.py).
-- One official index per region and evaluation year: a later import of the same region and year replaces the
-- row (the source column says which document it came from). Only regions (Kemendagri codes) for now.

CREATE TABLE IF NOT EXISTS official_scores (
    region_code   VARCHAR NOT NULL,             -- Kemendagri code ("32.75"), resolved through the gazetteer
    year          INTEGER NOT NULL,             -- evaluation year the index belongs to
    entity        VARCHAR NOT NULL,             -- canonical region name ("Kota Bekasi"), as in claims.entity
    entity_type   VARCHAR,                      -- provinsi / kota / kabupaten
    value         DOUBLE NOT NULL,              -- indeks SPBE, 0-5
    predicate     VARCHAR,                      -- lower case: memuaskan / sangat baik / baik / cukup / kurang
    source        VARCHAR NOT NULL,             -- document: "Keputusan MenPANRB No. ... Lampiran", data catalogue URL, ...
    source_file   VARCHAR,                      -- file name it was imported from
    source_line   INTEGER,                      -- line (CSV) or row (Excel) in that file
    file_sha256   VARCHAR,                      -- digest of the imported file
    imported_at   TIMESTAMPTZ,
    PRIMARY KEY (region_code, year)
);
