ALTER TABLE "audit_chain_heads" ADD COLUMN "last_outcome" varchar(7);--> statement-breakpoint
ALTER TABLE "audit_chain_heads" ADD COLUMN "categories" varchar(50)[] DEFAULT '{}' NOT NULL;