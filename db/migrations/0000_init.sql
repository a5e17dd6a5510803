CREATE TABLE `activity` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`kind` text NOT NULL,
	`actor` text NOT NULL,
	`action` text NOT NULL,
	`method` text,
	`path` text,
	`status` integer,
	`duration_ms` integer,
	`token_id` text,
	`user_id` text,
	`group_id` text,
	`from_value` text,
	`to_value` text,
	`reason` text,
	`details` text
);
--> statement-breakpoint
CREATE INDEX `activity_at_idx` ON `activity` (`at`);--> statement-breakpoint
CREATE INDEX `activity_kind_at_idx` ON `activity` (`kind`,`at`);--> statement-breakpoint
CREATE INDEX `activity_user_at_idx` ON `activity` (`user_id`,`at`);--> statement-breakpoint
CREATE INDEX `activity_status_at_idx` ON `activity` (`status`,`at`);--> statement-breakpoint
CREATE TABLE `admins` (
	`id` text PRIMARY KEY NOT NULL,
	`email` text NOT NULL,
	`email_norm` text NOT NULL,
	`name` text NOT NULL,
	`password_hash` text NOT NULL,
	`created_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	`last_sign_in_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `admins_email_norm_idx` ON `admins` (`email_norm`);--> statement-breakpoint
CREATE TABLE `domains` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`verification_value` text NOT NULL,
	`verified_at` integer,
	`last_checked_at` integer,
	`last_check_result` text,
	`created_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	`created_by` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `domains_name_idx` ON `domains` (`name`);--> statement-breakpoint
CREATE TABLE `group_members` (
	`group_id` text NOT NULL,
	`user_id` text NOT NULL,
	`added_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	PRIMARY KEY(`group_id`, `user_id`),
	FOREIGN KEY (`group_id`) REFERENCES `groups`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `group_members_user_idx` ON `group_members` (`user_id`);--> statement-breakpoint
CREATE TABLE `group_role_mappings` (
	`group_id` text PRIMARY KEY NOT NULL,
	`role` text NOT NULL,
	`mapped_by` text NOT NULL,
	`mapped_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	FOREIGN KEY (`group_id`) REFERENCES `groups`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `groups` (
	`id` text PRIMARY KEY NOT NULL,
	`display_name` text NOT NULL,
	`display_name_norm` text NOT NULL,
	`external_id` text,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	`updated_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `groups_display_name_norm_idx` ON `groups` (`display_name_norm`);--> statement-breakpoint
CREATE INDEX `groups_external_id_idx` ON `groups` (`external_id`);--> statement-breakpoint
CREATE INDEX `groups_updated_at_idx` ON `groups` (`updated_at`);--> statement-breakpoint
CREATE TABLE `plan` (
	`id` integer PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`primary_email` text NOT NULL,
	`scim_enabled` integer DEFAULT false NOT NULL,
	`di_enabled` integer DEFAULT false NOT NULL,
	`di_changed_at` integer,
	`auto_upgrade` integer DEFAULT true NOT NULL,
	`uap_enabled` integer DEFAULT false NOT NULL,
	`provisional_policy` text DEFAULT 'admin-approval' NOT NULL,
	`review_days` integer DEFAULT 30 NOT NULL,
	`created_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	`updated_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `scim_tokens` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`token_hash` text NOT NULL,
	`created_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	`created_by` text NOT NULL,
	`last_used_at` integer,
	`expires_at` integer,
	`revoked_at` integer,
	`revoked_by` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `scim_tokens_hash_idx` ON `scim_tokens` (`token_hash`);--> statement-breakpoint
CREATE TABLE `seat_snapshots` (
	`day` text PRIMARY KEY NOT NULL,
	`members` integer NOT NULL,
	`provisional` integer NOT NULL,
	`contributors` integer NOT NULL,
	`guests` integer NOT NULL,
	`no_access` integer NOT NULL,
	`deactivated` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sign_in_throttle` (
	`email_norm` text PRIMARY KEY NOT NULL,
	`failures` integer DEFAULT 0 NOT NULL,
	`last_failure_at` integer NOT NULL,
	`locked_until` integer
);
--> statement-breakpoint
CREATE TABLE `user_emails` (
	`user_id` text NOT NULL,
	`position` integer NOT NULL,
	`value_norm` text NOT NULL,
	PRIMARY KEY(`user_id`, `position`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `user_emails_value_norm_idx` ON `user_emails` (`value_norm`);--> statement-breakpoint
CREATE TABLE `user_sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`created_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	`expires_at` integer NOT NULL,
	`ended_at` integer,
	`end_reason` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `user_sessions_user_idx` ON `user_sessions` (`user_id`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` text PRIMARY KEY NOT NULL,
	`user_name` text NOT NULL,
	`user_name_norm` text NOT NULL,
	`external_id` text,
	`display_name` text,
	`given_name` text,
	`family_name` text,
	`email` text,
	`email_norm` text,
	`status` text DEFAULT 'active' NOT NULL,
	`seat_type` text DEFAULT 'Contributor' NOT NULL,
	`seat_set_by` text DEFAULT 'default' NOT NULL,
	`pending_override` integer DEFAULT false NOT NULL,
	`review_started_at` integer,
	`review_ends_at` integer,
	`reactivation_requested_at` integer,
	`deactivated_at` integer,
	`source` text DEFAULT 'scim' NOT NULL,
	`first_sign_in_at` integer,
	`last_sign_in_at` integer,
	`direct_roles` text DEFAULT '' NOT NULL,
	`resource` text NOT NULL,
	`scim_deleted_at` integer,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	`updated_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_user_name_norm_idx` ON `users` (`user_name_norm`);--> statement-breakpoint
CREATE INDEX `users_external_id_idx` ON `users` (`external_id`);--> statement-breakpoint
CREATE INDEX `users_email_norm_idx` ON `users` (`email_norm`);--> statement-breakpoint
CREATE INDEX `users_seat_status_idx` ON `users` (`status`,`seat_type`);--> statement-breakpoint
CREATE INDEX `users_updated_at_idx` ON `users` (`updated_at`);--> statement-breakpoint
CREATE INDEX `users_family_name_idx` ON `users` (`family_name`);--> statement-breakpoint
CREATE INDEX `users_display_name_idx` ON `users` (`display_name`);--> statement-breakpoint
CREATE INDEX `users_scim_visible_idx` ON `users` (`scim_deleted_at`) WHERE scim_deleted_at IS NULL AND seat_type <> 'Guest';