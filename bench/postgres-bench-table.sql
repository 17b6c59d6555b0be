-- The benchmark table of bench/postgres-source.sh: ROWS rows of mixed types (psql -v rows=5000000).
DROP TABLE IF EXISTS bench_t;
CREATE TABLE bench_t AS
SELECT g::bigint AS id,
       'customer-' || md5(g::text) AS name,
       ((g % 100000)::numeric / 7)::numeric(12,2) AS amount,
       timestamptz '2026-01-01 00:00:00+00' + g * interval '1 second' AS created_at,
       (g % 3 = 0) AS active,
       md5(g::text || 'u')::uuid AS uid,
       jsonb_build_object('k', g % 1000, 'tag', 't' || (g % 17)) AS payload,
       g / 3.0::double precision AS score,
       date '2020-01-01' + (g % 2000) AS day,
       CASE WHEN g % 5 = 0 THEN NULL ELSE (g % 1000)::int END AS maybe
FROM generate_series(1, :rows) g;
ANALYZE bench_t;
