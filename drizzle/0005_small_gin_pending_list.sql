-- Each partition's GIN index on event_data keeps a pending list of at most 256 kB (the server's
-- default is 4 MB). The insert that finds the list full merges it into the index before it
-- commits, holding its batch (and every batch queued on the same chain heads) for as long as the
-- merge takes: with a 4 MB list and a small buffer cache that was 20 to 60 seconds, measured under
-- the bench's ingest. Smaller lists merge in proportionally shorter pauses; in the same bench the
-- gateway's throughput rose (3,650-4,267 to 4,983 events/s). A partitioned index cannot carry
-- storage parameters, so each partition's index gets it, here and in audit_ensure_partition.
DO $$
DECLARE
  gin_index regclass;
BEGIN
  FOR gin_index IN
    SELECT i.indexrelid::regclass FROM pg_inherits p
    JOIN pg_index i ON i.indrelid = p.inhrelid
    JOIN pg_class c ON c.oid = i.indexrelid
    JOIN pg_am am ON am.oid = c.relam
    WHERE p.inhparent = 'audit_events'::regclass AND am.amname = 'gin'
  LOOP
    EXECUTE format('ALTER INDEX %s SET (gin_pending_list_limit = 256)', gin_index);
  END LOOP;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION audit_ensure_partition(p_at timestamptz) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  month_start date := date_trunc('month', p_at AT TIME ZONE 'UTC')::date;
  partition_name text := 'audit_events_' || to_char(month_start, 'YYYY_MM');
  gin_index regclass;
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
    -- See migration 0005: a short pending list on the payload index.
    FOR gin_index IN
      SELECT i.indexrelid::regclass FROM pg_index i
      JOIN pg_class c ON c.oid = i.indexrelid
      JOIN pg_am am ON am.oid = c.relam
      WHERE i.indrelid = partition_name::regclass AND am.amname = 'gin'
    LOOP
      EXECUTE format('ALTER INDEX %s SET (gin_pending_list_limit = 256)', gin_index);
    END LOOP;
  EXCEPTION WHEN duplicate_table OR unique_violation THEN
    -- Another session created it while this one waited for the lock (the catalog lookup above
    -- cannot see a table committed after this statement began).
    NULL;
  END;
  RETURN partition_name;
END
$$;
