CREATE TABLE `sessions` (
	`id_hash` text PRIMARY KEY NOT NULL,
	`admin_id` text,
	`user_id` text,
	`method` text NOT NULL,
	`created_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`client_address` text,
	`user_agent` text,
	`ended_at` integer,
	`end_reason` text,
	FOREIGN KEY (`admin_id`) REFERENCES `admins`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "sessions_one_principal" CHECK((admin_id IS NULL) <> (user_id IS NULL))
);
--> statement-breakpoint
CREATE INDEX `sessions_admin_idx` ON `sessions` (`admin_id`,`ended_at`) WHERE admin_id IS NOT NULL;--> statement-breakpoint
CREATE INDEX `sessions_user_idx` ON `sessions` (`user_id`,`ended_at`) WHERE user_id IS NOT NULL;--> statement-breakpoint
CREATE TABLE `sheets` (
	`id` text PRIMARY KEY NOT NULL,
	`owner_id` text NOT NULL,
	`name` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`owner_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `sheets_owner_idx` ON `sheets` (`owner_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `sso_connection` (
	`id` integer PRIMARY KEY NOT NULL,
	`protocol` text NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`idp_name` text NOT NULL,
	`saml_idp_entity_id` text,
	`saml_sso_url` text,
	`saml_certificates` text DEFAULT '[]' NOT NULL,
	`saml_allow_idp_initiated` integer DEFAULT false NOT NULL,
	`oidc_issuer` text,
	`oidc_client_id` text,
	`oidc_client_secret_enc` text,
	`clock_skew_seconds` integer DEFAULT 60 NOT NULL,
	`require_sso_for_admins` integer DEFAULT false NOT NULL,
	`updated_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	`updated_by` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sso_replay` (
	`id` text PRIMARY KEY NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `sso_replay_expires_idx` ON `sso_replay` (`expires_at`);--> statement-breakpoint
CREATE TABLE `sso_requests` (
	`id` text PRIMARY KEY NOT NULL,
	`protocol` text NOT NULL,
	`purpose` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`return_to` text,
	`email_hint` text,
	`code_verifier` text,
	`nonce` text,
	`tested_by` text
);
--> statement-breakpoint
CREATE INDEX `sso_requests_expires_idx` ON `sso_requests` (`expires_at`);--> statement-breakpoint
ALTER TABLE `admins` ADD `break_glass` integer DEFAULT false NOT NULL;--> statement-breakpoint
-- Admin sessions move into the one session store: open ones stay open (their cookies still work).
-- user_sessions had no cookie behind it (no plan-user sign-in existed before this migration), so nothing of it is kept.
INSERT INTO `sessions` (`id_hash`, `admin_id`, `user_id`, `method`, `created_at`, `last_seen_at`, `expires_at`, `client_address`, `user_agent`, `ended_at`, `end_reason`)
SELECT `id_hash`, `admin_id`, NULL, 'password', `created_at`, `last_seen_at`, `expires_at`, `client_address`, `user_agent`, `ended_at`, `end_reason` FROM `admin_sessions`;--> statement-breakpoint
DROP TABLE `admin_sessions`;--> statement-breakpoint
DROP TABLE `user_sessions`;
