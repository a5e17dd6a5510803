/**
 * The benchmark's synthetic directory: deterministic SCIM User bodies shaped like Okta's
 * (lib/scim/fixtures/normalize/okta-create-user-roles.json, okta-put-user.json), so the
 * seeder, the load generator and the floor server agree on who exists without sharing
 * state. User `i` is always the same person.
 */
import { SCHEMA_URNS } from "@/lib/users/schema-urns";

export const BENCH_DOMAIN = "example.com";
/** Guests are external: their email is not on a validated domain (docs/product.md §2, §5). */
export const GUEST_DOMAIN = "partner.example.net";

const GIVEN = [
  "Ada", "Alan", "Alice", "Amir", "Ana", "Anna", "Ben", "Bob", "Carla", "Carol",
  "Chen", "Dana", "David", "Elena", "Emma", "Eva", "Farah", "Grace", "Hana", "Ivan",
  "Jan", "Jane", "John", "Jonas", "Kai", "Kate", "Lars", "Lea", "Li", "Luca",
  "Maria", "Mark", "Marta", "Max", "Mia", "Nadia", "Noah", "Omar", "Paul", "Priya",
  "Raj", "Rosa", "Sam", "Sara", "Sofia", "Tom", "Uma", "Vera", "Yuki", "Zoe",
];
const FAMILY = [
  "Abe", "Baker", "Brown", "Costa", "Davis", "Diaz", "Evans", "Fischer", "Garcia", "Gupta",
  "Hall", "Ito", "Jensen", "Khan", "Kim", "Kowalski", "Lee", "Lopez", "Martin", "Meyer",
  "Miller", "Moreau", "Nakamura", "Nguyen", "Novak", "Olsen", "Patel", "Petrov", "Quinn", "Rossi",
  "Sato", "Schmidt", "Silva", "Smith", "Suzuki", "Taylor", "Tanaka", "Weber", "Wilson", "Young",
];
const DEPARTMENTS = ["Engineering", "Sales", "Marketing", "Finance", "Support", "Operations", "Legal", "HR"];

/** Prefixes the Admin Center users query searches for (2–3 letters, as an admin types). */
export const SEARCH_PREFIXES = ["ma", "jo", "al", "sa", "an", "da", "el", "ka", "li", "to", "mar", "ann", "sof"];

export type Json = Record<string, unknown>;

export function nameOf(i: number): { given: string; family: string } {
  return { given: GIVEN[i % GIVEN.length]!, family: FAMILY[Math.floor(i / GIVEN.length) % FAMILY.length]! };
}

export function userNameOf(i: number): string {
  const { given, family } = nameOf(i);
  return `${given}.${family}.${i}@${BENCH_DOMAIN}`.toLowerCase();
}

/**
 * The roles user `i` gets from the IdP. Okta sends one `roles` entry per role with an
 * empty value for "not granted"; some IdPs use the seat extension's booleans instead.
 */
export function rolesPartOf(i: number, flip = false): Json {
  let kind = i % 20;
  // A DI sync that changes the seat: Members lose their Member role, the rest gain one.
  if (flip) kind = kind <= 9 ? 15 : 0;
  if (kind <= 7) {
    return { roles: [{ type: "LICENSED_USER", value: "LICENSED_USER" }, { type: "GROUP_ADMIN", value: "" }] };
  }
  if (kind === 8) return { roles: [{ type: "GROUP_ADMIN", value: "GROUP_ADMIN" }] };
  if (kind === 9) {
    return { [SCHEMA_URNS.seatUser]: { smartsheetResourceViewer: true, smartsheetLicensedUser: false } };
  }
  if (kind === 10) return { roles: [{ type: "SYSTEM_ADMIN", value: "SYSTEM_ADMIN" }] };
  if (kind === 11) return { roles: [{ type: "JIRA_USER", value: "JIRA_USER" }] };
  return { roles: [{ type: "LICENSED_USER", value: "" }, { type: "GROUP_ADMIN", value: "" }] };
}

/** Whether the IdP's roles (not groups) give user `i` a Member seat. */
export const hasMemberRole = (i: number): boolean => i % 20 <= 9;

/** An Okta-shaped create/replace body for user `i` (userName overridable for new users). */
export function userBodyOf(i: number, options: { userName?: string; flipRoles?: boolean } = {}): Json {
  const { given, family } = nameOf(i);
  const userName = options.userName ?? userNameOf(i);
  const emails: Json[] = [{ primary: true, value: userName, type: "work" }];
  if (i % 5 === 0) emails.push({ primary: false, value: `${given}.${family}.${i}@home.example.org`.toLowerCase(), type: "home" });
  const roles = rolesPartOf(i, options.flipRoles);
  const seatExt = roles[SCHEMA_URNS.seatUser];
  return {
    schemas: [SCHEMA_URNS.user, SCHEMA_URNS.enterpriseUser, ...(seatExt ? [SCHEMA_URNS.seatUser] : [])],
    externalId: `00u${i.toString(36).padStart(8, "0")}Okta`,
    userName,
    name: { givenName: given, familyName: family },
    displayName: `${given} ${family}`,
    locale: "en_US",
    active: true,
    emails,
    ...(roles.roles ? { roles: roles.roles } : {}),
    [SCHEMA_URNS.enterpriseUser]: {
      department: DEPARTMENTS[i % DEPARTMENTS.length],
      employeeNumber: String(100000 + i),
    },
    ...(seatExt ? { [SCHEMA_URNS.seatUser]: seatExt } : {}),
  };
}
