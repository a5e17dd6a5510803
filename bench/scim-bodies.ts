/** scim_bodies' size (issue 14 §3), for bench/run.ts and bench/bodies-size.ts. */
import { existsSync, statSync } from "node:fs";
import { sqliteConnectionOf, type Db } from "@/db/client";

export interface BodiesSize {
  rows: number;
  /** Bytes of the two body columns (UTF-8). */
  bodyBytes: number;
  /** The table's pages on disk (dbstat), its b-tree's overhead included. */
  tableBytes: number | null;
  fileBytes: number;
  requestsCut: number;
  responsesCut: number;
}

/** scim_bodies' rows and bytes, and the database's size on disk (its WAL included; after a checkpoint with `checkpoint`). */
export async function bodiesSize(db: Db, path: string, { checkpoint = false } = {}): Promise<BodiesSize> {
  if (checkpoint) sqliteConnectionOf(db).pragma("wal_checkpoint(TRUNCATE)");
  const sums = (await db.row<{ rows: number; bodyBytes: number; requestsCut: number | null; responsesCut: number | null }>(
    `SELECT count(*) AS "rows",
        coalesce(sum(length(CAST(request AS BLOB))), 0) + coalesce(sum(length(CAST(response AS BLOB))), 0) AS "bodyBytes",
        sum(CASE WHEN request_truncated > 0 THEN 1 ELSE 0 END) AS "requestsCut",
        sum(CASE WHEN response_truncated > 0 THEN 1 ELSE 0 END) AS "responsesCut"
      FROM scim_bodies`,
  ))!;
  let tableBytes: number | null = null;
  try {
    tableBytes = (await db.row<{ bytes: number }>("SELECT sum(pgsize) AS bytes FROM dbstat WHERE name = 'scim_bodies'"))!.bytes;
  } catch {
    // SQLite built without the dbstat virtual table: the column sums stand alone.
  }
  return {
    rows: sums.rows,
    bodyBytes: sums.bodyBytes,
    tableBytes,
    fileBytes: statSync(path).size + (existsSync(`${path}-wal`) ? statSync(`${path}-wal`).size : 0),
    requestsCut: sums.requestsCut ?? 0,
    responsesCut: sums.responsesCut ?? 0,
  };
}

