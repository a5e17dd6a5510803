CREATE TABLE `counters` (
	`name` text PRIMARY KEY NOT NULL,
	`value` integer NOT NULL
);
--> statement-breakpoint
DROP INDEX `activity_status_at_idx`;--> statement-breakpoint
DROP INDEX `activity_user_at_idx`;--> statement-breakpoint
CREATE INDEX `activity_failed_at_idx` ON `activity` (`at`) WHERE status >= 400;--> statement-breakpoint
CREATE INDEX `activity_user_at_idx` ON `activity` (`user_id`,`at`) WHERE user_id IS NOT NULL;--> statement-breakpoint
DROP INDEX `users_seat_status_idx`;--> statement-breakpoint
DROP INDEX `users_family_name_idx`;--> statement-breakpoint
DROP INDEX `users_display_name_idx`;--> statement-breakpoint
ALTER TABLE `users` ADD `name_norm` text;--> statement-breakpoint
ALTER TABLE `users` ADD `family_name_norm` text;--> statement-breakpoint
CREATE INDEX `users_seat_idx` ON `users` (`status`,`seat_type`,`seat_set_by`,`pending_override`,`review_ends_at`,`direct_roles`,`id`);--> statement-breakpoint
CREATE INDEX `users_name_norm_idx` ON `users` (`name_norm`);--> statement-breakpoint
CREATE INDEX `users_family_name_norm_idx` ON `users` (`family_name_norm`);