CREATE INDEX `users_seat_rank_idx` ON `users` ((CASE seat_type WHEN 'Member' THEN 0 WHEN 'Provisional Member' THEN 1 WHEN 'Contributor' THEN 2 WHEN 'Guest' THEN 3 ELSE 4 END));--> statement-breakpoint
CREATE INDEX `users_status_idx` ON `users` (`status`);--> statement-breakpoint
CREATE INDEX `users_source_idx` ON `users` (`source`);--> statement-breakpoint
CREATE INDEX `users_first_sign_in_idx` ON `users` (`first_sign_in_at`);--> statement-breakpoint
CREATE INDEX `users_last_sign_in_idx` ON `users` (`last_sign_in_at`);