CREATE TABLE "audit_chain_heads" (
	"correlation_id" varchar(255) PRIMARY KEY NOT NULL,
	"last_sequence" bigint DEFAULT 0 NOT NULL,
	"last_hash" text,
	"event_count" bigint DEFAULT 0 NOT NULL,
	"success_count" bigint DEFAULT 0 NOT NULL,
	"failure_count" bigint DEFAULT 0 NOT NULL,
	"pending_count" bigint DEFAULT 0 NOT NULL,
	"first_event_at" timestamp(6) with time zone,
	"last_event_at" timestamp(6) with time zone,
	"last_recorded_at" timestamp(6) with time zone
);
--> statement-breakpoint
CREATE INDEX "audit_chain_heads_last_event_at_idx" ON "audit_chain_heads" USING btree ("last_event_at" DESC,"correlation_id" DESC);