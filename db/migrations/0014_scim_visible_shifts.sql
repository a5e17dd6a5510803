-- Custom migration (drizzle-kit generate --custom): scim_visible_shifts counts the writes that move
-- a SCIM-visible user to another rank of the unfiltered /Users list (ordered by rowid): a visible
-- user deleted, hidden (SCIM-deleted, made a Guest) or shown again, or inserted before another
-- row. A new user takes the next rowid (after every other), so a create leaves the ranks of
-- everyone already listed alone and is not counted. lib/users/visible-user-ranks.ts keeps the
-- rowid at every 256th rank while this value stays the same, so a random page starts near its
-- rank instead of walking OFFSET entries from the start. Starts at a random value (below 2^52),
-- as seat_inputs does (0011). Only SQL built-ins, so any tool applies it.
INSERT OR IGNORE INTO `counters` (`name`, `value`) VALUES ('scim_visible_shifts', abs(random() % 4503599627370496));--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS `users_visible_shift_insert` AFTER INSERT ON `users`
  WHEN NEW.`scim_deleted_at` IS NULL AND NEW.`seat_type` <> 'Guest' AND EXISTS (SELECT 1 FROM `users` WHERE `rowid` > NEW.`rowid`)
BEGIN
  UPDATE `counters` SET `value` = `value` + 1 WHERE `name` = 'scim_visible_shifts';
END;--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS `users_visible_shift_delete` AFTER DELETE ON `users`
  WHEN OLD.`scim_deleted_at` IS NULL AND OLD.`seat_type` <> 'Guest'
BEGIN
  UPDATE `counters` SET `value` = `value` + 1 WHERE `name` = 'scim_visible_shifts';
END;--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS `users_visible_shift_update` AFTER UPDATE OF `scim_deleted_at`, `seat_type` ON `users`
  WHEN (OLD.`scim_deleted_at` IS NULL AND OLD.`seat_type` <> 'Guest') <> (NEW.`scim_deleted_at` IS NULL AND NEW.`seat_type` <> 'Guest')
BEGIN
  UPDATE `counters` SET `value` = `value` + 1 WHERE `name` = 'scim_visible_shifts';
END;
