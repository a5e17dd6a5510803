-- Hand-written (drizzle-kit models neither data nor triggers): the trigger-kept count of
-- SCIM-visible users, SCIM_VISIBLE_USERS in lib/users/user-queries.ts, so every writer
-- (the server, the CLI, the sqlite3 shell) keeps it. Databases that applied migration 0001
-- before this file existed already have the row and the triggers (0001 made them then):
-- OR IGNORE and IF NOT EXISTS leave those alone. Only SQL built-ins, so any tool applies it.
INSERT OR IGNORE INTO `counters` (`name`, `value`)
  SELECT 'scim_visible_users', count(*) FROM `users` WHERE `scim_deleted_at` IS NULL AND `seat_type` <> 'Guest';--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS `users_count_insert` AFTER INSERT ON `users`
  WHEN NEW.`scim_deleted_at` IS NULL AND NEW.`seat_type` <> 'Guest'
BEGIN
  UPDATE `counters` SET `value` = `value` + 1 WHERE `name` = 'scim_visible_users';
END;--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS `users_count_delete` AFTER DELETE ON `users`
  WHEN OLD.`scim_deleted_at` IS NULL AND OLD.`seat_type` <> 'Guest'
BEGIN
  UPDATE `counters` SET `value` = `value` - 1 WHERE `name` = 'scim_visible_users';
END;--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS `users_count_update` AFTER UPDATE OF `scim_deleted_at`, `seat_type` ON `users`
  WHEN (OLD.`scim_deleted_at` IS NULL AND OLD.`seat_type` <> 'Guest') <> (NEW.`scim_deleted_at` IS NULL AND NEW.`seat_type` <> 'Guest')
BEGIN
  UPDATE `counters` SET `value` = `value` + (CASE WHEN NEW.`scim_deleted_at` IS NULL AND NEW.`seat_type` <> 'Guest' THEN 1 ELSE -1 END)
   WHERE `name` = 'scim_visible_users';
END;
