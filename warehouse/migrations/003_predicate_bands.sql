-- 003: the official predicate bands of the SPBE evaluation rules, as data.
-- The documented source of these rows is warehouse/predicate_bands.csv (kept identical: tests/test_views.py
-- checks it). Migrations run from SQL text, so the rows are inlined here rather than read with read_csv
-- (which would depend on the working directory). Rules changing later: add a migration with new rows
-- (and a year_to on the old ones); never edit this file after it has been applied.
-- A band holds min_value <= value < max_value_exclusive; year_to NULL = still in force.
-- The top band (max_value_exclusive = 5.0, the top of the scale) also holds 5,0 itself: see predicate_mismatch.

CREATE TABLE IF NOT EXISTS predicate_bands (
    year_from     INTEGER NOT NULL,             -- first evaluation year the rules apply to
    year_to       INTEGER,                      -- last evaluation year (NULL: still in force)
    predicate     VARCHAR NOT NULL,             -- lower case, as in claims.predicate
    min_value     DOUBLE NOT NULL,              -- inclusive
    max_value_exclusive DOUBLE NOT NULL,        -- exclusive
    source        VARCHAR NOT NULL,             -- the regulation the band comes from
    PRIMARY KEY (year_from, predicate)
);

INSERT OR REPLACE INTO predicate_bands (year_from, year_to, predicate, min_value, max_value_exclusive, source) VALUES
    (2018, 2020, 'memuaskan', 4.2, 5.0, 'PermenPANRB 5/2018 Pedoman Evaluasi SPBE (same predicate table as 59/2020): Memuaskan 4,2-5,0'),
    (2018, 2020, 'sangat baik', 3.5, 4.2, 'PermenPANRB 5/2018 Pedoman Evaluasi SPBE (same predicate table as 59/2020): Sangat Baik 3,5-<4,2'),
    (2018, 2020, 'baik', 2.6, 3.5, 'PermenPANRB 5/2018 Pedoman Evaluasi SPBE (same predicate table as 59/2020): Baik 2,6-<3,5'),
    (2018, 2020, 'cukup', 1.8, 2.6, 'PermenPANRB 5/2018 Pedoman Evaluasi SPBE (same predicate table as 59/2020): Cukup 1,8-<2,6'),
    (2018, 2020, 'kurang', 0, 1.8, 'PermenPANRB 5/2018 Pedoman Evaluasi SPBE (same predicate table as 59/2020): Kurang <1,8'),
    (2021, NULL, 'memuaskan', 4.2, 5.0, 'PermenPANRB 59/2020 Pemantauan dan Evaluasi SPBE: Memuaskan 4,2-5,0'),
    (2021, NULL, 'sangat baik', 3.5, 4.2, 'PermenPANRB 59/2020 Pemantauan dan Evaluasi SPBE: Sangat Baik 3,5-<4,2'),
    (2021, NULL, 'baik', 2.6, 3.5, 'PermenPANRB 59/2020 Pemantauan dan Evaluasi SPBE: Baik 2,6-<3,5'),
    (2021, NULL, 'cukup', 1.8, 2.6, 'PermenPANRB 59/2020 Pemantauan dan Evaluasi SPBE: Cukup 1,8-<2,6'),
    (2021, NULL, 'kurang', 0, 1.8, 'PermenPANRB 59/2020 Pemantauan dan Evaluasi SPBE: Kurang <1,8');
