CREATE TABLE `activity_hours` (
	`hour` integer NOT NULL,
	`part` text NOT NULL,
	`method` text NOT NULL,
	`path_start` text NOT NULL,
	`failed` integer NOT NULL,
	`di_off` integer NOT NULL,
	`requests` integer NOT NULL,
	PRIMARY KEY(`hour`, `part`, `method`, `path_start`, `failed`, `di_off`)
);
--> statement-breakpoint
-- Hand-written (drizzle-kit models neither data nor triggers), as 0002. activity_hours: the
-- SCIM requests of each hour, by what Overview's provisioning health, its "SCIM requests
-- failed" warning and the DI-off banner count (lib/overview/count-scim-requests.ts reads whole
-- hours here and only the partial hours at a window's ends from activity), kept by triggers so
-- every writer (the request log, the CLI, the bench seed, the sqlite3 shell) keeps it. A row
-- the request log folded stands for details.count requests, and its count grows by UPDATE.
-- The classing here and in count-scim-requests.ts must stay the same (its test compares them).
INSERT INTO `activity_hours` (`hour`, `part`, `method`, `path_start`, `failed`, `di_off`, `requests`)
  SELECT `at` / 3600000,
         CASE WHEN `kind` = 'user' THEN 'deactivation' WHEN `token_id` IS NULL THEN 'anonymous' ELSE 'token' END,
         coalesce(`method`, ''), (CASE WHEN `path` LIKE '/users/.s%' THEN '/users/.s' WHEN `path` LIKE '/groups/.%' THEN '/groups/.' WHEN `path` LIKE '/groups%' THEN '/groups' WHEN lower(`path`) IN ('/users', '/users/') THEN '/users' WHEN `path` LIKE '/users/%' THEN '/users/x' ELSE '' END), coalesce(`status` >= 400, 0),
         coalesce(`status` = 403 AND `reason` LIKE 'Directory Integration is off%', 0),
         sum(CASE WHEN `status` >= 400 THEN coalesce(json_extract(`details`, '$.count'), 1) ELSE 1 END)
    FROM `activity`
   WHERE `kind` = 'scim' OR (`kind` = 'user' AND `action` IN ('user.deactivated', 'user.deleted') AND `actor` LIKE 'SCIM token %')
   GROUP BY 1, 2, 3, 4, 5, 6;--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS `activity_hours_insert` AFTER INSERT ON `activity`
  WHEN NEW.`kind` = 'scim' OR (NEW.`kind` = 'user' AND NEW.`action` IN ('user.deactivated', 'user.deleted') AND NEW.`actor` LIKE 'SCIM token %')
BEGIN
  INSERT INTO `activity_hours` (`hour`, `part`, `method`, `path_start`, `failed`, `di_off`, `requests`)
  VALUES (NEW.`at` / 3600000,
          CASE WHEN NEW.`kind` = 'user' THEN 'deactivation' WHEN NEW.`token_id` IS NULL THEN 'anonymous' ELSE 'token' END,
          coalesce(NEW.`method`, ''), (CASE WHEN NEW.`path` LIKE '/users/.s%' THEN '/users/.s' WHEN NEW.`path` LIKE '/groups/.%' THEN '/groups/.' WHEN NEW.`path` LIKE '/groups%' THEN '/groups' WHEN lower(NEW.`path`) IN ('/users', '/users/') THEN '/users' WHEN NEW.`path` LIKE '/users/%' THEN '/users/x' ELSE '' END), coalesce(NEW.`status` >= 400, 0),
          coalesce(NEW.`status` = 403 AND NEW.`reason` LIKE 'Directory Integration is off%', 0),
          CASE WHEN NEW.`status` >= 400 THEN coalesce(json_extract(NEW.`details`, '$.count'), 1) ELSE 1 END)
  ON CONFLICT (`hour`, `part`, `method`, `path_start`, `failed`, `di_off`) DO UPDATE SET `requests` = `requests` + excluded.`requests`;
END;--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS `activity_hours_delete` AFTER DELETE ON `activity`
  WHEN OLD.`kind` = 'scim' OR (OLD.`kind` = 'user' AND OLD.`action` IN ('user.deactivated', 'user.deleted') AND OLD.`actor` LIKE 'SCIM token %')
BEGIN
  UPDATE `activity_hours` SET `requests` = `requests` - (CASE WHEN OLD.`status` >= 400 THEN coalesce(json_extract(OLD.`details`, '$.count'), 1) ELSE 1 END)
   WHERE `hour` = OLD.`at` / 3600000
     AND `part` = (CASE WHEN OLD.`kind` = 'user' THEN 'deactivation' WHEN OLD.`token_id` IS NULL THEN 'anonymous' ELSE 'token' END)
     AND `method` = coalesce(OLD.`method`, '') AND `path_start` = (CASE WHEN OLD.`path` LIKE '/users/.s%' THEN '/users/.s' WHEN OLD.`path` LIKE '/groups/.%' THEN '/groups/.' WHEN OLD.`path` LIKE '/groups%' THEN '/groups' WHEN lower(OLD.`path`) IN ('/users', '/users/') THEN '/users' WHEN OLD.`path` LIKE '/users/%' THEN '/users/x' ELSE '' END)
     AND `failed` = coalesce(OLD.`status` >= 400, 0)
     AND `di_off` = coalesce(OLD.`status` = 403 AND OLD.`reason` LIKE 'Directory Integration is off%', 0);
  DELETE FROM `activity_hours` WHERE `hour` = OLD.`at` / 3600000 AND `requests` <= 0;
END;--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS `activity_hours_update` AFTER UPDATE OF `at`, `kind`, `actor`, `action`, `method`, `path`, `status`, `token_id`, `reason`, `details` ON `activity`
BEGIN
  UPDATE `activity_hours` SET `requests` = `requests` - (CASE WHEN OLD.`status` >= 400 THEN coalesce(json_extract(OLD.`details`, '$.count'), 1) ELSE 1 END)
   WHERE (OLD.`kind` = 'scim' OR (OLD.`kind` = 'user' AND OLD.`action` IN ('user.deactivated', 'user.deleted') AND OLD.`actor` LIKE 'SCIM token %'))
     AND `hour` = OLD.`at` / 3600000
     AND `part` = (CASE WHEN OLD.`kind` = 'user' THEN 'deactivation' WHEN OLD.`token_id` IS NULL THEN 'anonymous' ELSE 'token' END)
     AND `method` = coalesce(OLD.`method`, '') AND `path_start` = (CASE WHEN OLD.`path` LIKE '/users/.s%' THEN '/users/.s' WHEN OLD.`path` LIKE '/groups/.%' THEN '/groups/.' WHEN OLD.`path` LIKE '/groups%' THEN '/groups' WHEN lower(OLD.`path`) IN ('/users', '/users/') THEN '/users' WHEN OLD.`path` LIKE '/users/%' THEN '/users/x' ELSE '' END)
     AND `failed` = coalesce(OLD.`status` >= 400, 0)
     AND `di_off` = coalesce(OLD.`status` = 403 AND OLD.`reason` LIKE 'Directory Integration is off%', 0);
  INSERT INTO `activity_hours` (`hour`, `part`, `method`, `path_start`, `failed`, `di_off`, `requests`)
  SELECT NEW.`at` / 3600000,
         CASE WHEN NEW.`kind` = 'user' THEN 'deactivation' WHEN NEW.`token_id` IS NULL THEN 'anonymous' ELSE 'token' END,
         coalesce(NEW.`method`, ''), (CASE WHEN NEW.`path` LIKE '/users/.s%' THEN '/users/.s' WHEN NEW.`path` LIKE '/groups/.%' THEN '/groups/.' WHEN NEW.`path` LIKE '/groups%' THEN '/groups' WHEN lower(NEW.`path`) IN ('/users', '/users/') THEN '/users' WHEN NEW.`path` LIKE '/users/%' THEN '/users/x' ELSE '' END), coalesce(NEW.`status` >= 400, 0),
         coalesce(NEW.`status` = 403 AND NEW.`reason` LIKE 'Directory Integration is off%', 0),
         CASE WHEN NEW.`status` >= 400 THEN coalesce(json_extract(NEW.`details`, '$.count'), 1) ELSE 1 END
   WHERE NEW.`kind` = 'scim' OR (NEW.`kind` = 'user' AND NEW.`action` IN ('user.deactivated', 'user.deleted') AND NEW.`actor` LIKE 'SCIM token %')
  ON CONFLICT (`hour`, `part`, `method`, `path_start`, `failed`, `di_off`) DO UPDATE SET `requests` = `requests` + excluded.`requests`;
END;--> statement-breakpoint
-- seat_inputs: a change counter of everything a full seat re-evaluation reads (the seat
-- engine's columns of users, memberships, role mappings, group names), so the DI preview
-- (lib/directory/preview-reevaluation.ts) decides 100,000 seats again only after one of them
-- changed. A write that changes none of those columns leaves it alone. It starts at a random
-- value (below 2^52, exact in JavaScript), so a database made anew at the same path never
-- meets the cache of the one before with the same count.
INSERT OR IGNORE INTO `counters` (`name`, `value`) VALUES ('seat_inputs', abs(random() % 4503599627370496));--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS `seat_inputs_users_insert` AFTER INSERT ON `users`
BEGIN
  UPDATE `counters` SET `value` = `value` + 1 WHERE `name` = 'seat_inputs';
END;--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS `seat_inputs_users_delete` AFTER DELETE ON `users`
BEGIN
  UPDATE `counters` SET `value` = `value` + 1 WHERE `name` = 'seat_inputs';
END;--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS `seat_inputs_users_update` AFTER UPDATE OF `status`, `seat_type`, `seat_set_by`, `pending_override`, `review_ends_at`, `direct_roles` ON `users`
  WHEN OLD.`status` IS NOT NEW.`status` OR OLD.`seat_type` IS NOT NEW.`seat_type` OR OLD.`seat_set_by` IS NOT NEW.`seat_set_by`
    OR OLD.`pending_override` IS NOT NEW.`pending_override` OR OLD.`review_ends_at` IS NOT NEW.`review_ends_at` OR OLD.`direct_roles` IS NOT NEW.`direct_roles`
BEGIN
  UPDATE `counters` SET `value` = `value` + 1 WHERE `name` = 'seat_inputs';
END;--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS `seat_inputs_members_insert` AFTER INSERT ON `group_members`
BEGIN
  UPDATE `counters` SET `value` = `value` + 1 WHERE `name` = 'seat_inputs';
END;--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS `seat_inputs_members_delete` AFTER DELETE ON `group_members`
BEGIN
  UPDATE `counters` SET `value` = `value` + 1 WHERE `name` = 'seat_inputs';
END;--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS `seat_inputs_mappings_insert` AFTER INSERT ON `group_role_mappings`
BEGIN
  UPDATE `counters` SET `value` = `value` + 1 WHERE `name` = 'seat_inputs';
END;--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS `seat_inputs_mappings_delete` AFTER DELETE ON `group_role_mappings`
BEGIN
  UPDATE `counters` SET `value` = `value` + 1 WHERE `name` = 'seat_inputs';
END;--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS `seat_inputs_mappings_update` AFTER UPDATE ON `group_role_mappings`
BEGIN
  UPDATE `counters` SET `value` = `value` + 1 WHERE `name` = 'seat_inputs';
END;--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS `seat_inputs_groups_rename` AFTER UPDATE OF `display_name` ON `groups`
  WHEN OLD.`display_name` IS NOT NEW.`display_name`
BEGIN
  UPDATE `counters` SET `value` = `value` + 1 WHERE `name` = 'seat_inputs';
END;
