-- Provisio statistics schema. Provisio runs these statements at every start (each is idempotent)
-- against a ClickHouse server (18.16 and later) or the embedded chDB, with {database} replaced by
-- the setting clickhouse.database. Operators may run them by hand the same way.
--
-- Kept to syntax that ClickHouse 18.16 accepts: no TTL, codecs, DateTime64, LowCardinality or
-- skipping indexes. Times are DateTime('UTC') so that formatting and the monthly partitions do not
-- depend on the server's time zone. Rows arrive as TabSeparated, in the column order below.

CREATE DATABASE IF NOT EXISTS {database};

-- One row per CWMP session, written at its Inform.
CREATE TABLE IF NOT EXISTS {database}.sessions
(
    time DateTime('UTC'),
    session_id String,
    device_id String,
    oui String,
    product_class String,
    serial_number String,
    software_version String,
    events Array(String),
    remote_address String,
    node String
)
ENGINE = MergeTree()
PARTITION BY toYYYYMM(time)
ORDER BY (device_id, time);

-- One row per parameter value seen in an Inform ('inform') or a GetParameterValuesResponse ('gpv').
CREATE TABLE IF NOT EXISTS {database}.parameter_values
(
    time DateTime('UTC'),
    device_id String,
    session_id String,
    source String,
    path String,
    value String,
    type String
)
ENGINE = MergeTree()
PARTITION BY toYYYYMM(time)
ORDER BY (device_id, time);
