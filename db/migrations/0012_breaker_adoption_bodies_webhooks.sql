CREATE TABLE `adoption_requests` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`resource` text NOT NULL,
	`external_id` text,
	`token_id` text,
	`actor` text NOT NULL,
	`requested_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`decision` text,
	`decided_at` integer,
	`decided_by` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `adoption_requests_open_user_idx` ON `adoption_requests` (`user_id`) WHERE decided_at IS NULL;--> statement-breakpoint
CREATE INDEX `adoption_requests_requested_idx` ON `adoption_requests` (`requested_at`);--> statement-breakpoint
CREATE TABLE `alerts` (
	`id` text PRIMARY KEY NOT NULL,
	`event` text NOT NULL,
	`key` text NOT NULL,
	`summary` text NOT NULL,
	`details` text NOT NULL,
	`link` text,
	`raised_at` integer NOT NULL,
	`cleared_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `alerts_open_key_idx` ON `alerts` (`key`) WHERE cleared_at IS NULL;--> statement-breakpoint
CREATE INDEX `alerts_raised_idx` ON `alerts` (`raised_at`);--> statement-breakpoint
CREATE TABLE `breaker_trips` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tripped_at` integer NOT NULL,
	`window_minutes` integer NOT NULL,
	`threshold` integer NOT NULL,
	`active_users` integer NOT NULL,
	`changes_in_window` integer NOT NULL,
	`cleared_at` integer,
	`cleared_by` text
);
--> statement-breakpoint
CREATE TABLE `breaker_window` (
	`at` integer NOT NULL,
	`user_id` text NOT NULL,
	`kind` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `breaker_window_at_idx` ON `breaker_window` (`at`);--> statement-breakpoint
CREATE TABLE `held_changes` (
	`id` text PRIMARY KEY NOT NULL,
	`trip_id` integer NOT NULL,
	`user_id` text NOT NULL,
	`kind` text NOT NULL,
	`from_value` text NOT NULL,
	`to_value` text NOT NULL,
	`reason` text,
	`method` text,
	`path` text,
	`token_id` text,
	`actor` text NOT NULL,
	`held_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`decision` text,
	`decided_at` integer,
	`decided_by` text,
	FOREIGN KEY (`trip_id`) REFERENCES `breaker_trips`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `held_changes_open_user_idx` ON `held_changes` (`user_id`) WHERE decided_at IS NULL;--> statement-breakpoint
CREATE INDEX `held_changes_trip_idx` ON `held_changes` (`trip_id`,`held_at`);--> statement-breakpoint
CREATE TABLE `scim_bodies` (
	`activity_id` integer PRIMARY KEY NOT NULL,
	`request` text,
	`response` text,
	`request_truncated` integer DEFAULT 0 NOT NULL,
	`response_truncated` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE `webhook_attempts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`delivery_id` text NOT NULL,
	`at` integer NOT NULL,
	`http_status` integer,
	`response_excerpt` text,
	`error` text,
	`duration_ms` integer NOT NULL,
	FOREIGN KEY (`delivery_id`) REFERENCES `webhook_deliveries`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `webhook_attempts_delivery_idx` ON `webhook_attempts` (`delivery_id`,`at`);--> statement-breakpoint
CREATE TABLE `webhook_deliveries` (
	`id` text PRIMARY KEY NOT NULL,
	`endpoint_id` text NOT NULL,
	`event` text NOT NULL,
	`alert_id` text NOT NULL,
	`payload` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer,
	`created_at` integer NOT NULL,
	`finished_at` integer,
	FOREIGN KEY (`endpoint_id`) REFERENCES `webhook_endpoints`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `webhook_deliveries_due_idx` ON `webhook_deliveries` (`next_attempt_at`) WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX `webhook_deliveries_endpoint_idx` ON `webhook_deliveries` (`endpoint_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `webhook_endpoints` (
	`id` text PRIMARY KEY NOT NULL,
	`url` text NOT NULL,
	`description` text,
	`events` text NOT NULL,
	`format` text DEFAULT 'json' NOT NULL,
	`secret_enc` text NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`created_at` integer NOT NULL,
	`created_by` text NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE `plan` ADD `breaker_enabled` integer DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE `plan` ADD `breaker_percent` integer DEFAULT 2 NOT NULL;--> statement-breakpoint
ALTER TABLE `plan` ADD `breaker_min_people` integer DEFAULT 25 NOT NULL;--> statement-breakpoint
ALTER TABLE `plan` ADD `breaker_window_minutes` integer DEFAULT 10 NOT NULL;--> statement-breakpoint
ALTER TABLE `plan` ADD `adoption_policy` text DEFAULT 'automatic' NOT NULL;--> statement-breakpoint
ALTER TABLE `plan` ADD `scim_body_retention_days` integer DEFAULT 14 NOT NULL;--> statement-breakpoint
ALTER TABLE `users` ADD `scim_linked_at` integer;