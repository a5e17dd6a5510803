-- Custom migration (drizzle-kit generate --custom), PostgreSQL only.
--
-- The users list's sorts. On SQLite every index ends with the rowid, so a sort by a column
-- and then the rowid (lib/directory/list-users.ts) reads one index in order; PostgreSQL's
-- indexes do not end with row_seq, so each sort gets one that does (read backwards for a
-- descending page). NULLS FIRST: SQLite's order, which list-users.ts asks PostgreSQL for.
CREATE INDEX "users_email_norm_seq_idx" ON "users" ("email_norm" NULLS FIRST, "row_seq");
--> statement-breakpoint
CREATE INDEX "users_name_norm_seq_idx" ON "users" ("name_norm" NULLS FIRST, "row_seq");
--> statement-breakpoint
CREATE INDEX "users_first_sign_in_seq_idx" ON "users" ("first_sign_in_at" NULLS FIRST, "row_seq");
--> statement-breakpoint
CREATE INDEX "users_last_sign_in_seq_idx" ON "users" ("last_sign_in_at" NULLS FIRST, "row_seq");
--> statement-breakpoint
CREATE INDEX "users_status_seq_idx" ON "users" ("status", "row_seq");
--> statement-breakpoint
CREATE INDEX "users_source_seq_idx" ON "users" ("source", "row_seq");
--> statement-breakpoint
CREATE INDEX "users_seat_rank_seq_idx" ON "users" ((CASE seat_type WHEN 'Member' THEN 0 WHEN 'Provisional Member' THEN 1 WHEN 'Contributor' THEN 2 WHEN 'Guest' THEN 3 ELSE 4 END), "row_seq");
