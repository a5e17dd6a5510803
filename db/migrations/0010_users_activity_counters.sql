CREATE INDEX `users_pending_candidate_idx` ON `users` (`id`,`status`,`source`,`first_sign_in_at`,`direct_roles`) WHERE status = 'active' AND source = 'scim' AND first_sign_in_at IS NULL AND direct_roles = '';--> statement-breakpoint
CREATE INDEX `users_pending_override_idx` ON `users` (`id`) WHERE pending_override = 1;--> statement-breakpoint
CREATE INDEX `users_reactivation_requested_idx` ON `users` (`id`) WHERE reactivation_requested_at IS NOT NULL;--> statement-breakpoint
-- Hand-written (drizzle-kit models neither data nor triggers), as 0002: the Users page's
-- counters and totals (lib/directory/list-users.ts) and the Activity page's totals
-- (lib/activity/list-activity.ts), kept by triggers so no page counts 100,000 users or a
-- million entries (issue 13). One row per combination the filters ask about; a page adds up
-- the few rows its filters match. Backfilled here for existing databases.
INSERT OR REPLACE INTO `counters` (`name`, `value`)
  SELECT 'users:' || `status` || ':' || `seat_type` || ':' || `source`, count(*) FROM `users` GROUP BY 1;--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS `users_counters_insert` AFTER INSERT ON `users`
BEGIN
  INSERT INTO `counters` (`name`, `value`) VALUES ('users:' || NEW.`status` || ':' || NEW.`seat_type` || ':' || NEW.`source`, 1)
    ON CONFLICT (`name`) DO UPDATE SET `value` = `value` + 1;
END;--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS `users_counters_delete` AFTER DELETE ON `users`
BEGIN
  UPDATE `counters` SET `value` = `value` - 1 WHERE `name` = 'users:' || OLD.`status` || ':' || OLD.`seat_type` || ':' || OLD.`source`;
END;--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS `users_counters_update` AFTER UPDATE OF `status`, `seat_type`, `source` ON `users`
  WHEN OLD.`status` <> NEW.`status` OR OLD.`seat_type` <> NEW.`seat_type` OR OLD.`source` <> NEW.`source`
BEGIN
  UPDATE `counters` SET `value` = `value` - 1 WHERE `name` = 'users:' || OLD.`status` || ':' || OLD.`seat_type` || ':' || OLD.`source`;
  INSERT INTO `counters` (`name`, `value`) VALUES ('users:' || NEW.`status` || ':' || NEW.`seat_type` || ':' || NEW.`source`, 1)
    ON CONFLICT (`name`) DO UPDATE SET `value` = `value` + 1;
END;--> statement-breakpoint
INSERT OR REPLACE INTO `counters` (`name`, `value`)
  SELECT 'activity:' || `kind` || ':' || coalesce(`status`, ''), count(*) FROM `activity` GROUP BY 1;--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS `activity_counters_insert` AFTER INSERT ON `activity`
BEGIN
  INSERT INTO `counters` (`name`, `value`) VALUES ('activity:' || NEW.`kind` || ':' || coalesce(NEW.`status`, ''), 1)
    ON CONFLICT (`name`) DO UPDATE SET `value` = `value` + 1;
END;--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS `activity_counters_delete` AFTER DELETE ON `activity`
BEGIN
  UPDATE `counters` SET `value` = `value` - 1 WHERE `name` = 'activity:' || OLD.`kind` || ':' || coalesce(OLD.`status`, '');
END;--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS `activity_counters_update` AFTER UPDATE OF `kind`, `status` ON `activity`
  WHEN OLD.`kind` <> NEW.`kind` OR OLD.`status` IS NOT NEW.`status`
BEGIN
  UPDATE `counters` SET `value` = `value` - 1 WHERE `name` = 'activity:' || OLD.`kind` || ':' || coalesce(OLD.`status`, '');
  INSERT INTO `counters` (`name`, `value`) VALUES ('activity:' || NEW.`kind` || ':' || coalesce(NEW.`status`, ''), 1)
    ON CONFLICT (`name`) DO UPDATE SET `value` = `value` + 1;
END;
