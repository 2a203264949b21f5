-- Locus: the Redshift Spectrum side of the aws profile.
--
-- Run once per Redshift database (provisioned cluster or Serverless workgroup) as an admin, after
-- replacing the placeholders:
--   <spectrum-role-arn>  the IAM role Redshift assumes to read the Glue Data Catalog and the
--                        storage bucket (s3:GetObject, s3:ListBucket on <bucket>/<prefix>storage/)
--   <bucket>, <prefix>   LOCUS_AWS_STORAGE_BUCKET (or LOCUS_AWS_BUCKET) and LOCUS_AWS_KEY_PREFIX
--                        (empty, or ending with '/')
--   locus                LOCUS_AWS_REDSHIFT_SCHEMA, when changed from its default
--   locus_report         the database user the report query runs as (LOCUS_AWS_REDSHIFT_DB_USER,
--                        or the user of LOCUS_AWS_REDSHIFT_SECRET_ARN)
--
-- The report query registers each date's partition itself (ALTER TABLE ... ADD IF NOT EXISTS
-- PARTITION) and UNLOADs with the role in LOCUS_AWS_REDSHIFT_UNLOAD_ROLE_ARN, which needs
-- s3:PutObject on <bucket>/<prefix>unload/ (the query deletes what it has read, so that role and
-- the reader also need s3:DeleteObject there; a lifecycle rule on unload/ is a good backstop).

CREATE EXTERNAL SCHEMA IF NOT EXISTS locus
FROM DATA CATALOG
DATABASE 'locus'
IAM_ROLE '<spectrum-role-arn>'
CREATE EXTERNAL DATABASE IF NOT EXISTS;

-- The partition objects: storage/dt=YYYY-MM-DD/part-II-of-NN.csv, CSV lines without a header in
-- the contract's column order.
--
-- Every column is VARCHAR, holding the contract's exact text. Why not typed columns:
--   * record_id is a hash of the canonical text of the other fields, and the report must give
--     back the very text that was stored. Numbers are written in their shortest round-trip form
--     (35.681236, 1e-7); a DOUBLE PRECISION column would be printed back by UNLOAD in Redshift's
--     own float format, which is not guaranteed to be that text. Times are ISO 8601 UTC with
--     milliseconds; a TIMESTAMP column would need TO_CHAR on output, and the numbers would still
--     need text.
--   * The three operations the report needs work on the text as it is: recorded_at and
--     received_at are fixed-width ISO 8601 UTC ('YYYY-MM-DDTHH:MM:SS.mmmZ'), so ordering them as
--     text is ordering them in time (ROW_NUMBER ... ORDER BY received_at keeps the earliest copy;
--     ORDER BY device_id, recorded_at, record_id is the report's order). Device ids are ASCII.
--   * Empty optional measurements stay empty in the output either way.
-- Typed access for analysts is the view below.
--
-- The fields never hold a comma, a quote or a line break (device ids are letters, digits and
-- ._:@-; the rest are numbers and times), so the plain delimited text format reads the RFC 4180
-- files exactly.
CREATE EXTERNAL TABLE locus.locations (
  record_id   VARCHAR(32),
  device_id   VARCHAR(128),
  recorded_at VARCHAR(24),
  latitude    VARCHAR(32),
  longitude   VARCHAR(32),
  accuracy    VARCHAR(32),
  altitude    VARCHAR(32),
  speed       VARCHAR(32),
  heading     VARCHAR(32),
  received_at VARCHAR(24)
)
PARTITIONED BY (dt DATE)
ROW FORMAT DELIMITED
  FIELDS TERMINATED BY ','
  LINES TERMINATED BY '\n'
STORED AS TEXTFILE
LOCATION 's3://<bucket>/<prefix>storage/'
TABLE PROPERTIES ('serialization.null.format' = '');

-- A partition is normally added by the report query; by hand it is:
-- ALTER TABLE locus.locations ADD IF NOT EXISTS PARTITION (dt = '2026-11-28')
--   LOCATION 's3://<bucket>/<prefix>storage/dt=2026-11-28/';

-- Typed columns for ad-hoc analysis (a late-binding view: external tables cannot be bound).
-- Rows repeat when a location arrived twice; the daily report (download/) holds each record once.
CREATE OR REPLACE VIEW public.locations_typed AS
SELECT
  record_id,
  device_id,
  CAST(REPLACE(REPLACE(recorded_at, 'T', ' '), 'Z', '') AS TIMESTAMP) AS recorded_at,
  CAST(latitude AS DOUBLE PRECISION) AS latitude,
  CAST(longitude AS DOUBLE PRECISION) AS longitude,
  CAST(NULLIF(accuracy, '') AS DOUBLE PRECISION) AS accuracy,
  CAST(NULLIF(altitude, '') AS DOUBLE PRECISION) AS altitude,
  CAST(NULLIF(speed, '') AS DOUBLE PRECISION) AS speed,
  CAST(NULLIF(heading, '') AS DOUBLE PRECISION) AS heading,
  CAST(REPLACE(REPLACE(received_at, 'T', ' '), 'Z', '') AS TIMESTAMP) AS received_at,
  dt
FROM locus.locations
WITH NO SCHEMA BINDING;

-- The report user runs the partition DDL: adding partitions to an external table takes the
-- owner of its external schema (or a superuser).
ALTER SCHEMA locus OWNER TO locus_report;
