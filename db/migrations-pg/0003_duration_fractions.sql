ALTER TABLE "activity" ALTER COLUMN "duration_ms" SET DATA TYPE double precision;--> statement-breakpoint
ALTER TABLE "webhook_attempts" ALTER COLUMN "duration_ms" SET DATA TYPE double precision;