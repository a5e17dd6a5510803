import { openDatabase } from "@/db/client";
import { countUsers, selectUsers, groupsOfUsers } from "@/lib/scim/users/user-queries";
import { renderScimUser } from "@/lib/scim/users/user-columns";
const db = openDatabase(process.argv[2]!);
const T = (l: string, f: () => unknown) => { const a = performance.now(); const r = f(); console.log(l, (performance.now() - a).toFixed(1)); return r; };
for (let k = 0; k < 4; k++) {
  const off = Math.floor(Math.random() * 99000);
  T("count", () => countUsers(db, "1", []));
  const rows = T("select", () => selectUsers(db, { where: "1", params: [], orderBy: "users.rowid", limit: 100, offset: off })) as any[];
  const g = T("groups", () => groupsOfUsers(db, rows.map(r => r.id))) as Map<string, any>;
  T("render+json", () => JSON.stringify(rows.map(u => renderScimUser(u, g.get(u.id) ?? [], "http://x/scim/v2"))));
  console.log(db.$client.prepare("EXPLAIN QUERY PLAN SELECT gm.user_id AS userId, g.id AS id, g.display_name AS displayName FROM group_members gm JOIN groups g ON g.id = gm.group_id WHERE gm.user_id IN (SELECT value FROM json_each(?)) ORDER BY g.display_name_norm").all("[]").map((r: any) => r.detail).join(" | "));
}
