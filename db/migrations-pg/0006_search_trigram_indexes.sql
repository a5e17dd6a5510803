-- Custom migration, PostgreSQL only: trigram indexes for the Activity page's search
-- (lib/activity/list-activity.ts), a substring of the entry's actor, action, path or reason,
-- or of its user's userName, email or display name. Without them every search read the
-- million entries and the 100,000 users (1.9 s at 100,000 users, one core); with them it
-- reads the entries and users that hold the search's trigrams.
--
-- Each index is over its columns joined by U+0001, the very text db/dialect.ts containsText
-- writes for PostgreSQL (the planner uses an expression index only for the same expression).
-- pg_trgm ships with PostgreSQL and is a trusted extension (PostgreSQL 13+): the database's
-- owner may create it without being a superuser.
--
-- The cost: each entry of the SCIM request log is indexed on insert (about 30 µs a row,
-- measured on the benchmark's rows), and the activity index is about half the table's size.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE INDEX "activity_search_trgm_idx" ON "activity" USING gin ((coalesce("actor", '') || chr(1) || coalesce("action", '') || chr(1) || coalesce("path", '') || chr(1) || coalesce("reason", '')) gin_trgm_ops);
--> statement-breakpoint
CREATE INDEX "users_search_trgm_idx" ON "users" USING gin ((coalesce("user_name", '') || chr(1) || coalesce("email", '') || chr(1) || coalesce("display_name", '')) gin_trgm_ops);
--> statement-breakpoint
-- A search's user half counts the entries of the users it found off activity_user_at_idx: with
-- the id in the index that is an index-only scan (10,000 entries: 11 ms, 45 ms with the
-- table's rows). The same name and leading columns, so every other reader of it (a user's
-- history, the last sync) is served as before; db/schema.ts still declares (user_id, at).
DROP INDEX "activity_user_at_idx";
--> statement-breakpoint
CREATE INDEX "activity_user_at_idx" ON "activity" ("user_id", "at", "id") WHERE "user_id" IS NOT NULL;
