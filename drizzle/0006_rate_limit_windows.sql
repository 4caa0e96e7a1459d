CREATE TABLE "rate_limit_windows" (
	"key" varchar(300) PRIMARY KEY NOT NULL,
	"points" integer NOT NULL,
	"expire" timestamp (3) with time zone
);
--> statement-breakpoint
DROP TABLE "rate_limit_buckets" CASCADE;