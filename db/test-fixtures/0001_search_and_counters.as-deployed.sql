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
CREATE INDEX `users_family_name_norm_idx` ON `users` (`family_name_norm`);--> statement-breakpoint
-- Hand-written below (drizzle-kit does not model data or triggers). scim_lower is the
-- connection function db/client.ts registers: Unicode folding, as JS writes the column.
UPDATE `users` SET
  `name_norm` = nullif(scim_lower(coalesce(`display_name`, trim(coalesce(`given_name`, '') || ' ' || coalesce(`family_name`, '')))), ''),
  `family_name_norm` = scim_lower(`family_name`);--> statement-breakpoint
INSERT INTO `counters` (`name`, `value`)
  SELECT 'scim_visible_users', count(*) FROM `users` WHERE `scim_deleted_at` IS NULL AND `seat_type` <> 'Guest';--> statement-breakpoint
-- SCIM_VISIBLE_USERS (lib/scim/users/user-queries.ts), kept by every writer, the CLI too.
CREATE TRIGGER `users_count_insert` AFTER INSERT ON `users`
  WHEN NEW.`scim_deleted_at` IS NULL AND NEW.`seat_type` <> 'Guest'
BEGIN
  UPDATE `counters` SET `value` = `value` + 1 WHERE `name` = 'scim_visible_users';
END;--> statement-breakpoint
CREATE TRIGGER `users_count_delete` AFTER DELETE ON `users`
  WHEN OLD.`scim_deleted_at` IS NULL AND OLD.`seat_type` <> 'Guest'
BEGIN
  UPDATE `counters` SET `value` = `value` - 1 WHERE `name` = 'scim_visible_users';
END;--> statement-breakpoint
CREATE TRIGGER `users_count_update` AFTER UPDATE OF `scim_deleted_at`, `seat_type` ON `users`
  WHEN (OLD.`scim_deleted_at` IS NULL AND OLD.`seat_type` <> 'Guest') <> (NEW.`scim_deleted_at` IS NULL AND NEW.`seat_type` <> 'Guest')
BEGIN
  UPDATE `counters` SET `value` = `value` + (CASE WHEN NEW.`scim_deleted_at` IS NULL AND NEW.`seat_type` <> 'Guest' THEN 1 ELSE -1 END)
   WHERE `name` = 'scim_visible_users';
END;
