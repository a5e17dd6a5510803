DROP INDEX `sessions_user_idx`;--> statement-breakpoint
CREATE INDEX `sessions_user_idx` ON `sessions` (`user_id`) WHERE user_id IS NOT NULL;