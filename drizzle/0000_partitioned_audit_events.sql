-- audit_events: one row per event, partitioned by UTC month of event_timestamp.
-- drizzle-kit cannot express partitioning, so this migration is written by hand
-- (src/db/audit-events-table.ts mirrors it for typed reads).
CREATE TABLE audit_events (
  event_id             uuid          NOT NULL,
  event_timestamp      timestamptz(6) NOT NULL,
  event_version        varchar(10)   NOT NULL DEFAULT '1.0',
  event_type           varchar(100)  NOT NULL,
  event_category       varchar(50)   NOT NULL,
  event_action         varchar(50)   NOT NULL,
  event_outcome        varchar(7)    NOT NULL CHECK (event_outcome IN ('success', 'failure', 'pending')),
  actor_type           varchar(50)   NOT NULL,
  actor_id             varchar(255)  NOT NULL,
  actor_ip             inet,
  resource_type        varchar(100)  NOT NULL,
  resource_id          varchar(255)  NOT NULL,
  resource_name        varchar(255),
  correlation_id       varchar(255)  NOT NULL CHECK (correlation_id <> ''),
  parent_event_id      uuid,
  trace_id             varchar(255),
  span_id              varchar(255),
  namespace            varchar(253),
  cluster_id           varchar(255),
  event_data           jsonb         NOT NULL,
  event_data_digest    char(64)      NOT NULL,
  severity             varchar(20),
  duration_ms          integer,
  error_code           varchar(50),
  error_message        text,
  retention_days       integer       NOT NULL DEFAULT 2555 CHECK (retention_days BETWEEN 1 AND 2555),
  is_sensitive         boolean       NOT NULL DEFAULT false,
  legal_hold           boolean       NOT NULL DEFAULT false,
  legal_hold_reason    text,
  legal_hold_placed_by varchar(255),
  legal_hold_placed_at timestamptz(6),
  sequence             bigint        NOT NULL CHECK (sequence > 0),
  previous_event_hash  char(64),
  event_hash           char(64)      NOT NULL,
  hash_algorithm       varchar(16)   NOT NULL CHECK (hash_algorithm IN ('sha256', 'hmac-sha256')),
  recorded_at          timestamptz(6) NOT NULL DEFAULT now(),
  PRIMARY KEY (event_id, event_timestamp)
) PARTITION BY RANGE (event_timestamp);
--> statement-breakpoint
-- Every time-ordered index ends in event_id so keyset cursors over (event_timestamp, event_id)
-- read in index order with no sort.
CREATE INDEX audit_events_correlation_sequence_idx ON audit_events (correlation_id, sequence);
--> statement-breakpoint
CREATE INDEX audit_events_correlation_ts_idx ON audit_events (correlation_id, event_timestamp DESC, event_id DESC);
--> statement-breakpoint
CREATE INDEX audit_events_type_ts_idx ON audit_events (event_type, event_timestamp DESC, event_id DESC);
--> statement-breakpoint
CREATE INDEX audit_events_category_ts_idx ON audit_events (event_category, event_timestamp DESC, event_id DESC);
--> statement-breakpoint
CREATE INDEX audit_events_resource_ts_idx ON audit_events (resource_type, resource_id, event_timestamp DESC, event_id DESC);
--> statement-breakpoint
CREATE INDEX audit_events_actor_ts_idx ON audit_events (actor_id, event_timestamp DESC, event_id DESC);
--> statement-breakpoint
CREATE INDEX audit_events_outcome_ts_idx ON audit_events (event_outcome, event_timestamp DESC, event_id DESC);
--> statement-breakpoint
CREATE INDEX audit_events_ts_idx ON audit_events (event_timestamp DESC, event_id DESC);
--> statement-breakpoint
CREATE INDEX audit_events_parent_idx ON audit_events (parent_event_id) WHERE parent_event_id IS NOT NULL;
--> statement-breakpoint
-- jsonb_path_ops: a third smaller and 10-24% faster to write than the default jsonb_ops (measured,
-- see DESIGN.md), and it still serves containment (@>) and SQL/JSON path (@?, @@) filters. It does
-- not serve the key-exists operators (?, ?|, ?&); path filters express existence as @? instead.
CREATE INDEX audit_events_event_data_idx ON audit_events USING gin (event_data jsonb_path_ops);
--> statement-breakpoint
CREATE FUNCTION audit_events_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only: % is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege',
          HINT = 'Audit events are never updated or deleted outside the retention path.';
END
$$;
--> statement-breakpoint
CREATE TRIGGER audit_events_append_only
  BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_reject_change();
--> statement-breakpoint
CREATE TRIGGER audit_events_no_truncate
  BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION audit_events_reject_change();
--> statement-breakpoint
-- Creates the partition for the UTC month holding p_at, if missing. Safe under concurrent callers:
-- the advisory lock serialises creators, and a creator that lost the race finds the table exists.
-- Row triggers are inherited from the parent; TRUNCATE triggers are not, so each partition gets one.
CREATE FUNCTION audit_ensure_partition(p_at timestamptz) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  month_start date := date_trunc('month', p_at AT TIME ZONE 'UTC')::date;
  partition_name text := 'audit_events_' || to_char(month_start, 'YYYY_MM');
BEGIN
  IF to_regclass(partition_name) IS NOT NULL THEN
    RETURN partition_name;
  END IF;
  PERFORM pg_advisory_xact_lock(hashtext('audit_events_partitions'));
  BEGIN
    EXECUTE format(
      'CREATE TABLE %I PARTITION OF audit_events FOR VALUES FROM (%L) TO (%L)',
      partition_name,
      to_char(month_start, 'YYYY-MM-DD') || ' 00:00:00+00',
      to_char(month_start + interval '1 month', 'YYYY-MM-DD') || ' 00:00:00+00'
    );
    EXECUTE format(
      'CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON %I '
      'FOR EACH STATEMENT EXECUTE FUNCTION audit_events_reject_change()',
      partition_name
    );
  EXCEPTION WHEN duplicate_table OR unique_violation THEN
    -- Another session created it while this one waited for the lock (the catalog lookup above
    -- cannot see a table committed after this statement began).
    NULL;
  END;
  RETURN partition_name;
END
$$;
