CREATE TABLE `bulk_jobs` (
	`id` text PRIMARY KEY NOT NULL,
	`action` text NOT NULL,
	`filter` text NOT NULL,
	`admin_id` text NOT NULL,
	`actor` text NOT NULL,
	`status` text NOT NULL,
	`total` integer NOT NULL,
	`processed` integer DEFAULT 0 NOT NULL,
	`changed` integer DEFAULT 0 NOT NULL,
	`unchanged` integer DEFAULT 0 NOT NULL,
	`refused` integer DEFAULT 0 NOT NULL,
	`refusals` text DEFAULT '[]' NOT NULL,
	`error` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`finished_at` integer
);
--> statement-breakpoint
CREATE INDEX `bulk_jobs_created_idx` ON `bulk_jobs` (`created_at`);--> statement-breakpoint
CREATE INDEX `activity_group_at_idx` ON `activity` (`group_id`,`at`) WHERE group_id IS NOT NULL;