ALTER TABLE `activity` ADD `client_address` text;--> statement-breakpoint
ALTER TABLE `plan` ADD `activity_retention_days` integer DEFAULT 400 NOT NULL;