/**
 * Seeds many plan users straight into the suite's database (prepared INSERTs in one
 * transaction: 10,000 users in well under a second), as the IdP would have provisioned
 * them. The rows agree with the seat engine (Members hold LICENSED_USER, Contributors no
 * role, No Access was set by an admin), so a later DI re-evaluation changes none of them.
 */
import { randomUUID } from "node:crypto";
import { inTransaction } from "../../db/client";
import { withSuiteDb } from "./db";

const GIVEN = ["Ada", "Grace", "Alan", "Katherine", "Linus", "Margaret", "Dennis", "Barbara", "Ken", "Frances", "Tim", "Radia"];
const FAMILY = ["Lovelace", "Hopper", "Turing", "Johnson", "Torvalds", "Hamilton", "Ritchie", "Liskov", "Thompson", "Allen", "Berners-Lee", "Perlman"];
const DEPARTMENTS = ["Engineering", "Finance", "Sales", "Support", "Marketing"];
const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const DAY = 86_400_000;

const INSERT_USER = `INSERT INTO users (id, user_name, user_name_norm, external_id, display_name, given_name,
    family_name, name_norm, family_name_norm, email, email_norm, status, seat_type, seat_set_by, pending_override, deactivated_at, source,
    first_sign_in_at, last_sign_in_at, direct_roles, resource, version, created_at, updated_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, 'scim', ?, ?, ?, ?, 1, ?, ?)`;

/** What user number `i` is; every tenth user repeats the same mix. */
export type SeedKind = "member" | "contributor" | "not-signed-in" | "deactivated" | "no-access";
export function seedKind(i: number): SeedKind {
  const r = i % 10;
  if (r <= 3) return "member";
  if (r <= 6) return "contributor";
  if (r === 7) return "not-signed-in";
  if (r === 8) return "deactivated";
  return "no-access";
}

export interface SeededUsers {
  prefix: string;
  count: number;
  /** `u10k-00042@acme.example` for i = 42 (with prefix "u10k-"). */
  userName(i: number): string;
  kinds: Record<SeedKind, number>;
}

export function seededUserName(prefix: string, domain: string, i: number): string {
  return `${prefix}${String(i).padStart(5, "0")}@${domain}`;
}

/** Seeds `count` users named `<prefix><00000…>@<domain>`; a no-op if they are already there. */
export async function seedUsers(options: { prefix: string; count: number; domain: string }): Promise<SeededUsers> {
  const { prefix, count, domain } = options;
  const kinds: Record<SeedKind, number> = { member: 0, contributor: 0, "not-signed-in": 0, deactivated: 0, "no-access": 0 };
  for (let i = 0; i < count; i++) kinds[seedKind(i)] += 1;
  const result: SeededUsers = { prefix, count, kinds, userName: (i) => seededUserName(prefix, domain, i) };

  await withSuiteDb(async (db) => {
    const first = seededUserName(prefix, domain, 0).toLowerCase();
    if (await db.row("SELECT 1 FROM users WHERE user_name_norm = ?", first)) return;
    const now = Date.now();
    await inTransaction(db, async (tx) => {
      for (let i = 0; i < count; i++) {
        const kind = seedKind(i);
        const given = GIVEN[i % GIVEN.length]!;
        const family = FAMILY[Math.floor(i / GIVEN.length) % FAMILY.length]!;
        const userName = seededUserName(prefix, domain, i);
        const member = kind === "member" || kind === "deactivated";
        const createdAt = now - ((i * 7919) % 365) * DAY - 3_600_000;
        const signedIn = kind !== "not-signed-in";
        const resource = {
          userName,
          name: { givenName: given, familyName: family },
          displayName: `${given} ${family}`,
          emails: [{ value: userName, type: "work", primary: true }],
          title: member ? "Project Lead" : "Analyst",
          ...(member ? { roles: [{ type: "LICENSED_USER", value: "LICENSED_USER" }] } : {}),
          [ENTERPRISE]: { department: DEPARTMENTS[i % DEPARTMENTS.length] },
        };
        const id = randomUUID();
        const norm = userName.toLowerCase();
        await tx.execute(
          INSERT_USER,
          id,
          userName,
          norm,
          `00u${String(i).padStart(8, "0")}${prefix.replace(/[^a-z0-9]/gi, "")}`,
          `${given} ${family}`,
          given,
          family,
          `${given} ${family}`.toLowerCase(),
          family.toLowerCase(),
          userName,
          norm,
          kind === "deactivated" ? "deactivated" : "active",
          kind === "no-access" ? "No Access" : member ? "Member" : "Contributor",
          kind === "no-access" ? "admin" : "di",
          kind === "deactivated" ? now - DAY : null,
          signedIn ? Math.min(createdAt + DAY, now - 60_000) : null,
          signedIn ? now - (i % 30) * DAY : null,
          member ? "LICENSED_USER" : "",
          JSON.stringify(resource),
          createdAt,
          createdAt,
        );
        await tx.execute("INSERT INTO user_emails (user_id, position, value_norm) VALUES (?, 0, ?)", id, norm);
      }
    });
  });
  return result;
}
