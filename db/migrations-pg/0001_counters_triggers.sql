-- Custom migration (drizzle-kit generate --custom): the counters and activity_hours that
-- SQLite's migrations 0002, 0010, 0011 and 0014 keep with triggers, kept the same way here so
-- every writer (each instance, the CLI, psql) keeps them. The classing must stay the same as
-- there and in lib/overview/count-scim-requests.ts. SQLite's LIKE ignores ASCII case, so ILIKE
-- here. A database starts empty, so there is nothing to backfill.
--
-- First, byte order for every text column, before the triggers below pin the types of the
-- columns they watch. SQLite compares text by its bytes (BINARY), and the data layer relies
-- on it: the users list's prefix search is a range `col >= p AND col < p ||
-- U+10FFFF`, its sorts and keyset pages are in that order, the SCIM filter's `sw`/`gt`/`lt`.
-- A database made with a linguistic locale (en_US.UTF-8, the default of many servers) would
-- order and compare these differently; "C" makes every column behave as on SQLite whatever
-- the database's locale, and lets the indexes serve those ranges. A later migration that adds
-- a text column must say COLLATE "C" too (db/migrations-pg.test.ts checks every column).
DO $$
DECLARE
  c record;
BEGIN
  FOR c IN
    SELECT table_name, column_name FROM information_schema.columns
     WHERE table_schema = 'public' AND data_type = 'text' AND coalesce(collation_name, '') <> 'C'
  LOOP
    EXECUTE format('ALTER TABLE %I ALTER COLUMN %I TYPE text COLLATE "C"', c.table_name, c.column_name);
  END LOOP;
END $$;
--> statement-breakpoint
INSERT INTO "counters" ("name", "value") VALUES
  ('scim_visible_users', 0),
  ('seat_inputs', floor(random() * 4503599627370496)::bigint),
  ('scim_visible_shifts', floor(random() * 4503599627370496)::bigint)
  ON CONFLICT ("name") DO NOTHING;
--> statement-breakpoint
CREATE FUNCTION "counters_add"(counter text, delta bigint) RETURNS void LANGUAGE sql AS $$
  INSERT INTO "counters" ("name", "value") VALUES (counter, delta)
    ON CONFLICT ("name") DO UPDATE SET "value" = "counters"."value" + excluded."value"
$$;
--> statement-breakpoint
CREATE FUNCTION "users_counters"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  old_visible boolean := false;
  new_visible boolean := false;
  old_key text;
  new_key text;
BEGIN
  IF TG_OP <> 'INSERT' THEN
    old_visible := OLD."scim_deleted_at" IS NULL AND OLD."seat_type" <> 'Guest';
    old_key := 'users:' || OLD."status" || ':' || OLD."seat_type" || ':' || OLD."source";
  END IF;
  IF TG_OP <> 'DELETE' THEN
    new_visible := NEW."scim_deleted_at" IS NULL AND NEW."seat_type" <> 'Guest';
    new_key := 'users:' || NEW."status" || ':' || NEW."seat_type" || ':' || NEW."source";
  END IF;
  IF old_visible <> new_visible THEN
    PERFORM "counters_add"('scim_visible_users', CASE WHEN new_visible THEN 1 ELSE -1 END);
  END IF;
  IF old_key IS DISTINCT FROM new_key THEN
    IF old_key IS NOT NULL THEN PERFORM "counters_add"(old_key, -1); END IF;
    IF new_key IS NOT NULL THEN PERFORM "counters_add"(new_key, 1); END IF;
  END IF;
  IF TG_OP <> 'UPDATE' THEN
    PERFORM "counters_add"('seat_inputs', 1);
  ELSIF (OLD."status", OLD."seat_type", OLD."seat_set_by", OLD."pending_override", OLD."review_ends_at", OLD."direct_roles")
        IS DISTINCT FROM (NEW."status", NEW."seat_type", NEW."seat_set_by", NEW."pending_override", NEW."review_ends_at", NEW."direct_roles") THEN
    PERFORM "counters_add"('seat_inputs', 1);
  END IF;
  -- scim_visible_shifts (SQLite 0014): row_seq is this schema's rowid.
  IF TG_OP = 'INSERT' THEN
    IF new_visible AND EXISTS (SELECT 1 FROM "users" WHERE "row_seq" > NEW."row_seq") THEN
      PERFORM "counters_add"('scim_visible_shifts', 1);
    END IF;
  ELSIF TG_OP = 'DELETE' THEN
    IF old_visible THEN PERFORM "counters_add"('scim_visible_shifts', 1); END IF;
  ELSIF old_visible <> new_visible THEN
    PERFORM "counters_add"('scim_visible_shifts', 1);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "users_counters" AFTER INSERT OR DELETE OR UPDATE OF "scim_deleted_at", "seat_type", "status", "source", "seat_set_by", "pending_override", "review_ends_at", "direct_roles"
  ON "users" FOR EACH ROW EXECUTE FUNCTION "users_counters"();
--> statement-breakpoint
CREATE FUNCTION "seat_inputs_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "counters_add"('seat_inputs', 1);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "seat_inputs_members" AFTER INSERT OR DELETE ON "group_members"
  FOR EACH ROW EXECUTE FUNCTION "seat_inputs_changed"();
--> statement-breakpoint
CREATE TRIGGER "seat_inputs_mappings" AFTER INSERT OR DELETE OR UPDATE ON "group_role_mappings"
  FOR EACH ROW EXECUTE FUNCTION "seat_inputs_changed"();
--> statement-breakpoint
CREATE TRIGGER "seat_inputs_groups_rename" AFTER UPDATE OF "display_name" ON "groups"
  FOR EACH ROW WHEN (OLD."display_name" IS DISTINCT FROM NEW."display_name") EXECUTE FUNCTION "seat_inputs_changed"();
--> statement-breakpoint
CREATE FUNCTION "activity_hours_apply"(a "activity", sign integer, prune boolean) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  at_hour bigint := a."at" / 3600000;
BEGIN
  IF NOT (a."kind" = 'scim' OR (a."kind" = 'user' AND a."action" IN ('user.deactivated', 'user.deleted') AND a."actor" ILIKE 'SCIM token %')) THEN
    RETURN;
  END IF;
  INSERT INTO "activity_hours" ("hour", "part", "method", "path_start", "failed", "di_off", "requests")
  VALUES (at_hour,
          CASE WHEN a."kind" = 'user' THEN 'deactivation' WHEN a."token_id" IS NULL THEN 'anonymous' ELSE 'token' END,
          coalesce(a."method", ''),
          CASE WHEN a."path" ILIKE '/users/.s%' THEN '/users/.s' WHEN a."path" ILIKE '/groups/.%' THEN '/groups/.'
               WHEN a."path" ILIKE '/groups%' THEN '/groups' WHEN lower(a."path") IN ('/users', '/users/') THEN '/users'
               WHEN a."path" ILIKE '/users/%' THEN '/users/x' ELSE '' END,
          coalesce((a."status" >= 400)::integer, 0),
          coalesce((a."status" = 403 AND a."reason" ILIKE 'Directory Integration is off%')::integer, 0),
          sign * CASE WHEN a."status" >= 400 THEN coalesce((a."details"::jsonb ->> 'count')::bigint, 1) ELSE 1 END)
  ON CONFLICT ("hour", "part", "method", "path_start", "failed", "di_off")
    DO UPDATE SET "requests" = "activity_hours"."requests" + excluded."requests";
  -- As SQLite's triggers: a deleted entry removes an hour left empty, an updated one does not.
  IF prune THEN
    DELETE FROM "activity_hours" WHERE "activity_hours"."hour" = at_hour AND "requests" <= 0;
  END IF;
END $$;
--> statement-breakpoint
CREATE FUNCTION "activity_counters"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  old_key text;
  new_key text;
BEGIN
  IF TG_OP <> 'INSERT' THEN
    old_key := 'activity:' || OLD."kind" || ':' || coalesce(OLD."status"::text, '');
    PERFORM "activity_hours_apply"(OLD, -1, TG_OP = 'DELETE');
  END IF;
  IF TG_OP <> 'DELETE' THEN
    new_key := 'activity:' || NEW."kind" || ':' || coalesce(NEW."status"::text, '');
    PERFORM "activity_hours_apply"(NEW, 1, false);
  END IF;
  IF old_key IS DISTINCT FROM new_key THEN
    IF old_key IS NOT NULL THEN PERFORM "counters_add"(old_key, -1); END IF;
    IF new_key IS NOT NULL THEN PERFORM "counters_add"(new_key, 1); END IF;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "activity_counters" AFTER INSERT OR DELETE OR UPDATE OF "at", "kind", "actor", "action", "method", "path", "status", "token_id", "reason", "details"
  ON "activity" FOR EACH ROW EXECUTE FUNCTION "activity_counters"();
