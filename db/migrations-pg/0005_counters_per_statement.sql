-- Custom migration: the counters 0001 keeps, kept once a statement for inserts and deletes
-- (transition tables) instead of once a row. PostgreSQL keeps every version of a row a
-- transaction updates until it ends, so a transaction that bumps one counter row N times pays
-- O(N²): 40,000 activity rows inserted in one transaction took 35 s this way (5,000 took
-- 0.5 s), which is the benchmark's seed, a flush of the SCIM request log (up to 2,000 rows),
-- the retention prune and a group PATCH adding 1,000 members. Per statement, a multi-row
-- INSERT or a DELETE of many rows bumps each counter once. The sums are those of 0001's row
-- triggers (db/migrations-pg.test.ts and lib/overview compare them with a recount).
--
-- Updates stay per row where a column list keeps them cheap (users: only the columns the
-- counters read; a SCIM PUT changes one user); activity's are per statement too, since its
-- transition tables cannot take a column list and its updates are the log's folds.
CREATE FUNCTION "activity_counters_add"(changed "activity"[], sign integer, prune boolean) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  -- The same classing as activity_hours_apply (0001), over the statement's rows at once.
  INSERT INTO "activity_hours" ("hour", "part", "method", "path_start", "failed", "di_off", "requests")
  SELECT a."at" / 3600000,
         CASE WHEN a."kind" = 'user' THEN 'deactivation' WHEN a."token_id" IS NULL THEN 'anonymous' ELSE 'token' END,
         coalesce(a."method", ''),
         CASE WHEN a."path" ILIKE '/users/.s%' THEN '/users/.s' WHEN a."path" ILIKE '/groups/.%' THEN '/groups/.'
              WHEN a."path" ILIKE '/groups%' THEN '/groups' WHEN lower(a."path") IN ('/users', '/users/') THEN '/users'
              WHEN a."path" ILIKE '/users/%' THEN '/users/x' ELSE '' END,
         coalesce((a."status" >= 400)::integer, 0),
         coalesce((a."status" = 403 AND a."reason" ILIKE 'Directory Integration is off%')::integer, 0),
         sign * sum(CASE WHEN a."status" >= 400 THEN coalesce((a."details"::jsonb ->> 'count')::bigint, 1) ELSE 1 END)
    FROM unnest(changed) a
   WHERE a."kind" = 'scim' OR (a."kind" = 'user' AND a."action" IN ('user.deactivated', 'user.deleted') AND a."actor" ILIKE 'SCIM token %')
   GROUP BY 1, 2, 3, 4, 5, 6
  ON CONFLICT ("hour", "part", "method", "path_start", "failed", "di_off")
    DO UPDATE SET "requests" = "activity_hours"."requests" + excluded."requests";
  -- As SQLite's triggers: a deleted entry removes an hour left empty, an updated one does not.
  IF prune THEN
    DELETE FROM "activity_hours"
     WHERE "hour" IN (SELECT DISTINCT a."at" / 3600000 FROM unnest(changed) a) AND "requests" <= 0;
  END IF;
  INSERT INTO "counters" ("name", "value")
  SELECT 'activity:' || a."kind" || ':' || coalesce(a."status"::text, ''), sign * count(*)
    FROM unnest(changed) a GROUP BY 1
  ON CONFLICT ("name") DO UPDATE SET "value" = "counters"."value" + excluded."value";
END $$;
--> statement-breakpoint
CREATE FUNCTION "activity_counters_inserted"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "activity_counters_add"(ARRAY(SELECT CAST(n AS "activity") FROM "new_rows" n), 1, false);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION "activity_counters_deleted"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "activity_counters_add"(ARRAY(SELECT CAST(o AS "activity") FROM "old_rows" o), -1, true);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION "activity_counters_updated"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "activity_counters_add"(ARRAY(SELECT CAST(o AS "activity") FROM "old_rows" o), -1, false);
  PERFORM "activity_counters_add"(ARRAY(SELECT CAST(n AS "activity") FROM "new_rows" n), 1, false);
  RETURN NULL;
END $$;
--> statement-breakpoint
DROP TRIGGER "activity_counters" ON "activity";
--> statement-breakpoint
CREATE TRIGGER "activity_counters_inserted" AFTER INSERT ON "activity"
  REFERENCING NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "activity_counters_inserted"();
--> statement-breakpoint
CREATE TRIGGER "activity_counters_deleted" AFTER DELETE ON "activity"
  REFERENCING OLD TABLE AS "old_rows" FOR EACH STATEMENT EXECUTE FUNCTION "activity_counters_deleted"();
--> statement-breakpoint
CREATE TRIGGER "activity_counters_updated" AFTER UPDATE ON "activity"
  REFERENCING OLD TABLE AS "old_rows" NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "activity_counters_updated"();
--> statement-breakpoint
DROP FUNCTION "activity_counters"();
--> statement-breakpoint
DROP FUNCTION "activity_hours_apply"("activity", integer, boolean);
--> statement-breakpoint
-- users: inserts and deletes per statement; updates stay per row (see the top).
CREATE FUNCTION "users_counters_add"(changed "users"[], sign integer, shifts bigint) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "counters" ("name", "value")
  SELECT name, sum(delta) FROM (
    SELECT 'users:' || u."status" || ':' || u."seat_type" || ':' || u."source" AS name, sign AS delta FROM unnest(changed) u
    UNION ALL
    SELECT 'scim_visible_users', sign FROM unnest(changed) u WHERE u."scim_deleted_at" IS NULL AND u."seat_type" <> 'Guest'
    UNION ALL
    -- A change stamp (0001): it moves once per row inserted or deleted, as there.
    SELECT 'seat_inputs', 1 FROM unnest(changed) u
    UNION ALL
    SELECT 'scim_visible_shifts', shifts WHERE shifts > 0
  ) d GROUP BY name
  ON CONFLICT ("name") DO UPDATE SET "value" = "counters"."value" + excluded."value";
END $$;
--> statement-breakpoint
CREATE FUNCTION "users_counters_inserted"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- scim_visible_shifts (SQLite 0014): a visible row inserted before a row already there
  -- shifts the visible ranks after it. SQLite's row trigger runs as each row goes in, so the
  -- statement's later rows are not there yet; 0001's ran after the statement and counted
  -- them, unlike SQLite. The latest row that was there before: a backward index scan past
  -- the statement's own rows.
  PERFORM "users_counters_add"(
    ARRAY(SELECT CAST(n AS "users") FROM "new_rows" n), 1,
    (SELECT count(*) FROM "new_rows" n
      WHERE n."scim_deleted_at" IS NULL AND n."seat_type" <> 'Guest'
        AND n."row_seq" < (SELECT max(u."row_seq") FROM "users" u WHERE u."row_seq" NOT IN (SELECT m."row_seq" FROM "new_rows" m))));
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION "users_counters_deleted"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "users_counters_add"(
    ARRAY(SELECT CAST(o AS "users") FROM "old_rows" o), -1,
    (SELECT count(*) FROM "old_rows" o WHERE o."scim_deleted_at" IS NULL AND o."seat_type" <> 'Guest'));
  RETURN NULL;
END $$;
--> statement-breakpoint
DROP TRIGGER "users_counters" ON "users";
--> statement-breakpoint
CREATE TRIGGER "users_counters" AFTER UPDATE OF "scim_deleted_at", "seat_type", "status", "source", "seat_set_by", "pending_override", "review_ends_at", "direct_roles"
  ON "users" FOR EACH ROW EXECUTE FUNCTION "users_counters"();
--> statement-breakpoint
CREATE TRIGGER "users_counters_inserted" AFTER INSERT ON "users"
  REFERENCING NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "users_counters_inserted"();
--> statement-breakpoint
CREATE TRIGGER "users_counters_deleted" AFTER DELETE ON "users"
  REFERENCING OLD TABLE AS "old_rows" FOR EACH STATEMENT EXECUTE FUNCTION "users_counters_deleted"();
--> statement-breakpoint
-- group_members: the seat inputs' change stamp, once per row as in 0001, once a statement.
CREATE FUNCTION "seat_inputs_members_inserted"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "counters_add"('seat_inputs', n) FROM (SELECT count(*) AS n FROM "new_rows") c WHERE n > 0;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION "seat_inputs_members_deleted"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "counters_add"('seat_inputs', n) FROM (SELECT count(*) AS n FROM "old_rows") c WHERE n > 0;
  RETURN NULL;
END $$;
--> statement-breakpoint
DROP TRIGGER "seat_inputs_members" ON "group_members";
--> statement-breakpoint
CREATE TRIGGER "seat_inputs_members_inserted" AFTER INSERT ON "group_members"
  REFERENCING NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "seat_inputs_members_inserted"();
--> statement-breakpoint
CREATE TRIGGER "seat_inputs_members_deleted" AFTER DELETE ON "group_members"
  REFERENCING OLD TABLE AS "old_rows" FOR EACH STATEMENT EXECUTE FUNCTION "seat_inputs_members_deleted"();
