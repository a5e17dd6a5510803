import { openDatabase } from "@/db/client";
const db = openDatabase(process.argv[2]!);
const rows = db.$client.prepare("SELECT id, user_name FROM users WHERE status='active' AND seat_type<>'Guest' AND scim_deleted_at IS NULL AND source='scim' AND user_name NOT LIKE 'new.%' ORDER BY random() LIMIT 2000").all() as {id:string;user_name:string}[];
const pairs = rows.map(r => [r.id, Number(/\.(\d+)@/.exec(r.user_name)![1])]);
const g = db.$client.prepare("SELECT id FROM groups WHERE display_name='Team 050'").get() as {id:string};
const big = db.$client.prepare("SELECT id FROM groups WHERE display_name='Okta Licensed Users'").get() as {id:string};
const spare = (db.$client.prepare("SELECT id FROM users u WHERE status='active' AND seat_type<>'Guest' AND NOT EXISTS (SELECT 1 FROM group_members gm WHERE gm.group_id=? AND gm.user_id=u.id) ORDER BY rowid DESC LIMIT 2600").all(big.id) as {id:string}[]).map(r=>r.id);
const members = (db.$client.prepare("SELECT user_id FROM group_members WHERE group_id=? ORDER BY random() LIMIT 30").all(big.id) as {user_id:string}[]).map(r=>r.user_id);
console.log(JSON.stringify({pairs, small: g.id, big: big.id, spare, members}));
