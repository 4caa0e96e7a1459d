-- Fills last_outcome and categories (added by 0003) for correlations recorded before 0003; the
-- ingest transaction maintains them from then on. One pass over audit_events, once.
UPDATE audit_chain_heads h SET
  categories = s.categories,
  last_outcome = s.last_outcome
FROM (
  SELECT correlation_id,
         array_agg(DISTINCT event_category ORDER BY event_category)::varchar(50)[] AS categories,
         (array_agg(event_outcome ORDER BY sequence DESC))[1] AS last_outcome
  FROM audit_events
  GROUP BY correlation_id
) s
WHERE h.correlation_id = s.correlation_id AND h.last_outcome IS NULL;
