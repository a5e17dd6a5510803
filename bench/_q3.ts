import Database from "better-sqlite3";
const db = new Database(process.argv[2]!);
db.pragma("cache_size = -65536");
const cols = "users.id, users.user_name, users.display_name, users.status, users.seat_type, users.seat_set_by, users.pending_override, users.review_ends_at, users.direct_roles";
for (const sql of [`SELECT ${cols} FROM users WHERE users.status = 'active'`, `SELECT ${cols} FROM users NOT INDEXED WHERE users.status = 'active'`, `SELECT rowid, ${cols} FROM users WHERE +users.status = 'active'`]) {
  console.log((db.prepare("EXPLAIN QUERY PLAN " + sql).all() as any[]).map(r => r.detail).join(" | "));
  for (let k = 0; k < 3; k++) { const a = performance.now(); let n = 0; for (const _ of db.prepare(sql).iterate()) n++; console.log(n, (performance.now() - a).toFixed(0), "ms"); }
}
