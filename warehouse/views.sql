-- Analyst views of the spbe-claims warehouse (executed by warehouse/db.py on every writable open, and carried
-- into the published snapshot by warehouse/publish.py). Column meanings: README.md ("Views").
--
-- Conventions used by every view:
-- * A claim's *group* is what it is about: region (region_code, or the entity name when it has no code),
--   metric (and metric_name for metric = 'other'), evaluation year, status (achieved / target / interim) and
--   scale (scale_max; values stated on another scale than 1-5 are never compared with 1-5 values).
--   Claims without a year form their own group (year NULL): a year guessed from nothing is not a year.
-- * Two values *agree beyond rounding* when they are equal after rounding both to the smaller number of
--   decimals of the two (spbe_agree): 3,83 ~ 3,8 (3,83 rounds to 3,8); 3,86 vs 3,8 disagree (3,9); 3,01 vs
--   0,32 disagree. Decimals are those of the value as written (shortest form, 1 to 4).
-- * The *consensus value* of a group is the value that the most distinct sources (news outlets) agree with;
--   ties go to the more precise value (more decimals: 3,83 over 3,8), then to the value most recently
--   published, then to the larger value (only so that the choice is deterministic).
-- * Source, URL and publication date come from the claim's article.

-- Number of decimals of a value as written (1-4): 3.8 -> 1, 3.83 -> 2. At least 1: a stored 4.0 may have been
-- written "4" or "4,0", and indexes are stated to at least one decimal, so 4 vs 4,4 is a disagreement.
CREATE OR REPLACE MACRO spbe_decimals(v) AS
    CASE WHEN v IS NULL THEN NULL
         WHEN abs(v - round(v, 1)) < 1e-9 THEN 1
         WHEN abs(v - round(v, 2)) < 1e-9 THEN 2
         WHEN abs(v - round(v, 3)) < 1e-9 THEN 3
         ELSE 4 END;

-- Do two values agree beyond rounding? (NULL when either is NULL.)
CREATE OR REPLACE MACRO spbe_agree(a, b) AS
    abs(round(a, least(spbe_decimals(a), spbe_decimals(b)))
        - round(b, least(spbe_decimals(a), spbe_decimals(b)))) < 1e-9;

-- claim_sources: every claim with its article's source, URL, title and publication date (seen_on: that date, or
-- the day the article was first crawled when it has none), and its group key.
CREATE OR REPLACE VIEW claim_sources AS
SELECT
    c.claim_id, c.article_id, c.entity, c.entity_type, c.region_code, c.metric, c.metric_name, c.year,
    c.year_source, c.value, c.scale_max, c.predicate, c.rank, c.rank_scope, c.status, c.quote, c.start, c."end",
    c.confidence, c.rule, c.extractor_version,
    a.source, a.url, a.title, a.published,
    coalesce(a.published, CAST(a.first_seen AS DATE)) AS seen_on,   -- publication date, else first crawled
    concat_ws('|', coalesce(c.region_code, lower(c.entity)), c.metric, coalesce(c.metric_name, ''),
              coalesce(CAST(c.year AS VARCHAR), '?'), c.status, coalesce(CAST(c.scale_max AS VARCHAR), '')
    ) AS group_key
FROM claims c
LEFT JOIN articles a USING (article_id);

-- For each group and each distinct value in it: how many distinct sources agree with that value, and
-- whether it is the group's consensus (rank 1). Internal building block of the views below, but queryable.
CREATE OR REPLACE VIEW value_support AS
WITH vals AS (
    SELECT group_key, value, max(published) AS last_published
    FROM claim_sources WHERE value IS NOT NULL
    GROUP BY group_key, value
), support AS (
    SELECT v.group_key, v.value, v.last_published, spbe_decimals(v.value) AS decimals,
           count(DISTINCT coalesce(c.source, c.article_id)) AS agreeing_sources,
           count(*) AS agreeing_claims
    FROM vals v
    JOIN claim_sources c ON c.group_key = v.group_key AND c.value IS NOT NULL AND spbe_agree(c.value, v.value)
    GROUP BY ALL
)
SELECT *, row_number() OVER (PARTITION BY group_key
                             ORDER BY agreeing_sources DESC, decimals DESC, last_published DESC NULLS LAST,
                                      value DESC) AS support_rank
FROM support;

-- region_scores: one row per region (entity), metric, year, status (and scale): the consensus value, how
-- many distinct sources and articles back the group, every value and predicate seen, first and last seen.
CREATE OR REPLACE VIEW region_scores AS
WITH g AS (
    SELECT group_key,
           min(entity) AS entity, min(entity_type) AS entity_type, min(region_code) AS region_code,
           min(metric) AS metric, min(metric_name) AS metric_name, min(year) AS year, min(status) AS status,
           min(scale_max) AS scale_max,
           count(DISTINCT coalesce(source, article_id)) AS n_sources,
           count(DISTINCT article_id) AS n_articles,
           count(*) AS n_claims,
           list_sort(list_distinct(list(value) FILTER (WHERE value IS NOT NULL))) AS "values",
           list_sort(list_distinct(list(predicate) FILTER (WHERE predicate IS NOT NULL))) AS predicates,
           list_sort(list_distinct(list(source) FILTER (WHERE source IS NOT NULL))) AS sources,
           min(seen_on) AS first_seen,
           max(seen_on) AS last_seen
    FROM claim_sources
    GROUP BY group_key
)
SELECT g.entity, g.entity_type, g.region_code, g.metric, g.metric_name, g.year, g.status, g.scale_max,
       s.value AS consensus_value,
       s.agreeing_sources AS consensus_sources,
       g.n_sources, g.n_articles, g.n_claims, g."values", g.predicates, g.sources,
       coalesce((SELECT bool_or(NOT spbe_agree(c.value, s.value)) FROM claim_sources c
                 WHERE c.group_key = g.group_key AND c.value IS NOT NULL), false) AS has_conflict,
       g.first_seen, g.last_seen, g.group_key
FROM g
LEFT JOIN value_support s ON s.group_key = g.group_key AND s.support_rank = 1;

-- claim_conflicts: groups whose sources disagree beyond rounding. One row per dissenting claim (a claim
-- whose value does not agree with the group's consensus), the consensus and its sources side by side.
CREATE OR REPLACE VIEW claim_conflicts AS
WITH agreeing AS (
    SELECT c.group_key,
           list_sort(list_distinct(list(c.source))) AS consensus_source_list,
           list_sort(list_distinct(list(c.url))) AS consensus_urls
    FROM claim_sources c
    JOIN region_scores r ON r.group_key = c.group_key
    WHERE r.has_conflict AND spbe_agree(c.value, r.consensus_value)
    GROUP BY c.group_key
)
SELECT r.entity, r.entity_type, r.region_code, r.metric, r.metric_name, r.year, r.status, r.scale_max,
       r.consensus_value, r.consensus_sources, a.consensus_source_list, a.consensus_urls,
       c.value, round(c.value - r.consensus_value, 4) AS difference,
       c.source, c.url, c.published, c.predicate, c.quote, c.claim_id, c.article_id,
       r.n_sources, r."values", r.group_key
FROM region_scores r
JOIN claim_sources c ON c.group_key = r.group_key AND c.value IS NOT NULL
                    AND NOT spbe_agree(c.value, r.consensus_value)
LEFT JOIN agreeing a ON a.group_key = r.group_key
WHERE r.has_conflict;

-- predicate_mismatch: SPBE claims (metric = 'spbe', on the 1-5 scale) stating both a value and a predicate
-- that the official bands (table predicate_bands, from warehouse/predicate_bands.csv) do not pair. The
-- rules are those in force for the claim's year (its publication year when it has none); a band holds
-- min_value <= value < max_value_exclusive, and the top band (upper bound 5.0) also holds 5.0.
CREATE OR REPLACE VIEW predicate_mismatch AS
WITH c AS (
    SELECT *, coalesce(year, CAST(year(published) AS INTEGER)) AS band_year
    FROM claim_sources
    WHERE metric = 'spbe' AND value IS NOT NULL AND predicate IS NOT NULL
      AND (scale_max IS NULL OR scale_max = 5)
), expected AS (
    SELECT c.*, b.predicate AS expected_predicate, b.min_value AS expected_min,
           b.max_value_exclusive AS expected_max_exclusive, b.source AS band_source
    FROM c
    LEFT JOIN predicate_bands b
      ON c.band_year BETWEEN b.year_from AND coalesce(b.year_to, 9999)
     AND c.value >= b.min_value
     AND (c.value < b.max_value_exclusive OR (c.value = b.max_value_exclusive AND b.max_value_exclusive = 5.0))
)
SELECT claim_id, entity, entity_type, region_code, year, band_year, status, value,
       predicate, expected_predicate, expected_min, expected_max_exclusive,
       coalesce(band_source, 'value outside every band') AS band_source,
       source, url, published, quote, article_id
FROM expected e
WHERE EXISTS (SELECT 1 FROM predicate_bands b WHERE e.band_year BETWEEN b.year_from AND coalesce(b.year_to, 9999))
  AND expected_predicate IS DISTINCT FROM lower(trim(predicate));

-- claims_vs_official: every SPBE claim beside the official index of its region and year (NULL until
-- official results for that year are imported: spbe import-official), with the difference.
CREATE OR REPLACE VIEW claims_vs_official AS
SELECT c.claim_id, c.entity, c.entity_type, c.region_code, c.year, c.status, c.value, c.predicate,
       o.value AS official_value, o.predicate AS official_predicate,
       round(c.value - o.value, 4) AS difference,
       spbe_agree(c.value, o.value) AS agrees_with_official,
       CASE WHEN c.predicate IS NULL OR o.predicate IS NULL THEN NULL
            ELSE lower(trim(c.predicate)) = o.predicate END AS predicate_matches_official,
       o.source AS official_source,
       c.source, c.url, c.published, c.quote, c.article_id
FROM claim_sources c
LEFT JOIN official_scores o ON o.region_code = c.region_code AND o.year = c.year
WHERE c.metric = 'spbe';

-- region_timeseries: per region and metric, one row per year with the consensus of the achieved values,
-- ready to plot (x = year, y = value), with the official index and the consensus target for that year.
CREATE OR REPLACE VIEW region_timeseries AS
WITH achieved AS (
    SELECT * FROM region_scores
    WHERE status = 'achieved' AND year IS NOT NULL AND consensus_value IS NOT NULL
), targets AS (
    SELECT coalesce(region_code, lower(entity)) AS rkey, metric, coalesce(metric_name, '') AS mname, year,
           max(consensus_value) AS target_value
    FROM region_scores
    WHERE status = 'target' AND year IS NOT NULL AND consensus_value IS NOT NULL AND scale_max IS NULL
    GROUP BY ALL
)
SELECT a.entity, a.entity_type, a.region_code, a.metric, a.metric_name, a.year, a.scale_max,
       a.consensus_value AS value, a.consensus_sources, a.n_sources, a.has_conflict,
       round(a.consensus_value - lag(a.consensus_value) OVER w, 4) AS change,
       CASE WHEN a.metric = 'spbe' THEN o.value END AS official_value,
       t.target_value
FROM achieved a
LEFT JOIN official_scores o ON o.region_code = a.region_code AND o.year = a.year
LEFT JOIN targets t ON t.rkey = coalesce(a.region_code, lower(a.entity)) AND t.metric = a.metric
                   AND t.mname = coalesce(a.metric_name, '') AND t.year = a.year AND a.scale_max IS NULL
WINDOW w AS (PARTITION BY coalesce(a.region_code, lower(a.entity)), a.metric, coalesce(a.metric_name, ''),
             coalesce(a.scale_max, 0) ORDER BY a.year);
