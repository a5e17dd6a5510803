/**
 * Seat transitions as data: the two tables of docs/product.md §3.3 (the changes DI makes, and
 * those it never makes with where to act instead), its "Admin Center only" list, and the full
 * 5×5 matrix the Admin Center and the CLI consult.
 */
import { domainToASCII } from "node:url";
import { z } from "zod";
import { SEAT_TYPES, type SeatType } from "@/db/schema";

/** Where a seat change is made. */
export type TransitionWhere = "Directory Integration" | "Admin Center" | "System-triggered only" | "Not possible";

export interface SeatTransition {
  readonly from: SeatType;
  readonly to: SeatType;
}

/** docs/product.md §3.3, first table: the changes DI makes. */
export const DI_TRANSITIONS = [
  {
    from: "Contributor",
    to: "Member",
    note: "The IdP gives the user a Member role (directly or through a mapped group); the next sync upgrades them.",
  },
  {
    from: "Provisional Member",
    to: "Member",
    note: "A Contributor who became a Provisional Member and is then given a Member role in the IdP is upgraded to Member at the next sync.",
  },
  {
    from: "Member",
    to: "Contributor",
    note: "The IdP takes the user's last Member role away; the next sync downgrades them.",
  },
] as const satisfies readonly (SeatTransition & { note: string })[];

/** docs/product.md §3.3, second table: the changes DI never makes, with where to act. */
export const UNSUPPORTED_DI_TRANSITIONS = [
  { from: "Provisional Member", to: "Contributor", whereToAct: "Admin Center" },
  { from: "Contributor", to: "No Access", whereToAct: "Admin Center" },
  { from: "Contributor", to: "Provisional Member", whereToAct: "System-triggered only" },
  { from: "Provisional Member", to: "No Access", whereToAct: "Admin Center" },
  { from: "Member", to: "No Access", whereToAct: "Admin Center" },
] as const satisfies readonly (SeatTransition & { whereToAct: TransitionWhere })[];

/** docs/product.md §3 "Admin Center only (DI never makes them)", Guest pairs spelled out. */
export const ADMIN_CENTER_ONLY_TRANSITIONS: readonly SeatTransition[] = [
  { from: "Provisional Member", to: "Contributor" },
  { from: "Contributor", to: "No Access" },
  { from: "Provisional Member", to: "No Access" },
  { from: "Member", to: "No Access" },
  // "anything to or from Guest" (Guest → Provisional Member is not possible at all).
  { from: "Member", to: "Guest" },
  { from: "Provisional Member", to: "Guest" },
  { from: "Contributor", to: "Guest" },
  { from: "No Access", to: "Guest" },
  { from: "Guest", to: "Member" },
  { from: "Guest", to: "Contributor" },
  { from: "Guest", to: "No Access" },
];

/** One cell of the matrix: can the Admin Center make it, and the "where to act" answer. */
export interface TransitionCell {
  /** An admin may make this change in the Admin Center (CLI `users set-seat`). */
  readonly admin: boolean;
  /** Directory Integration makes this change at a sync. */
  readonly di: boolean;
  readonly where: TransitionWhere | "No change";
  readonly explanation: string;
}

const ADMIN = "Admin Center" as const;
const guestOnlyAdmin =
  "Guests are external users who do not exist in the IdP: they are managed entirely in the Admin Center, and Directory Integration never creates, changes or removes a Guest.";
const noAccessAdmin =
  "No Access is an admin's decision: set and lifted only in the Admin Center. Directory Integration never moves a user to or from No Access.";
const diExplain = (what: string) =>
  `Directory Integration makes this change at the next sync when ${what} in the IdP. While DI is off, make it in the Admin Center; while DI is on, an admin's change is allowed but DI replaces it at the next sync.`;
const provisionalSystemOnly =
  "Provisional Member is system-triggered only: a Contributor becomes one by attempting a Member-only action (when the plan's auto-upgrade switch is on), never by an admin's or Directory Integration's change. Make the user a Member or leave them a Contributor.";
const memberToProvisional =
  "Member → Provisional Member is not possible: neither the Admin Center nor Directory Integration can downgrade a Member to Provisional Member. Choose Contributor to remove the paid seat.";
const notContributorToProvisional = (from: SeatType) =>
  `${from} → Provisional Member is not possible: only a Contributor becomes a Provisional Member, and only by attempting a Member-only action (system-triggered). Make the user a Contributor or a Member in the Admin Center instead.`;
const same = (s: SeatType): TransitionCell => ({
  admin: true,
  di: false,
  where: "No change",
  explanation: `The user already holds a ${s} seat.`,
});

/** The full matrix, `TRANSITION_MATRIX[from][to]`, written out cell by cell. */
export const TRANSITION_MATRIX: Readonly<Record<SeatType, Readonly<Record<SeatType, TransitionCell>>>> = {
  Member: {
    Member: same("Member"),
    "Provisional Member": { admin: false, di: false, where: "Not possible", explanation: memberToProvisional },
    Contributor: {
      admin: true,
      di: true,
      where: "Directory Integration",
      explanation: diExplain("the user's last Member role (or Member-mapped group) is removed"),
    },
    Guest: { admin: true, di: false, where: ADMIN, explanation: guestOnlyAdmin },
    "No Access": { admin: true, di: false, where: ADMIN, explanation: noAccessAdmin },
  },
  "Provisional Member": {
    Member: {
      admin: true,
      di: true,
      where: "Directory Integration",
      explanation: diExplain("the user is given a Member role (directly or through a mapped group)"),
    },
    "Provisional Member": same("Provisional Member"),
    Contributor: {
      admin: true,
      di: false,
      where: ADMIN,
      explanation:
        "Directory Integration never downgrades a Provisional Member: a System Admin makes them a Contributor in the Admin Center, or the Admin approval policy does at the end of the review period.",
    },
    Guest: { admin: true, di: false, where: ADMIN, explanation: guestOnlyAdmin },
    "No Access": { admin: true, di: false, where: ADMIN, explanation: noAccessAdmin },
  },
  Contributor: {
    Member: {
      admin: true,
      di: true,
      where: "Directory Integration",
      explanation: diExplain("the user is given a Member role (directly or through a mapped group)"),
    },
    "Provisional Member": { admin: false, di: false, where: "System-triggered only", explanation: provisionalSystemOnly },
    Contributor: same("Contributor"),
    Guest: { admin: true, di: false, where: ADMIN, explanation: guestOnlyAdmin },
    "No Access": { admin: true, di: false, where: ADMIN, explanation: noAccessAdmin },
  },
  Guest: {
    Member: { admin: true, di: false, where: ADMIN, explanation: guestOnlyAdmin },
    "Provisional Member": { admin: false, di: false, where: "Not possible", explanation: notContributorToProvisional("Guest") },
    Contributor: { admin: true, di: false, where: ADMIN, explanation: guestOnlyAdmin },
    Guest: same("Guest"),
    "No Access": { admin: true, di: false, where: ADMIN, explanation: guestOnlyAdmin },
  },
  "No Access": {
    Member: { admin: true, di: false, where: ADMIN, explanation: noAccessAdmin },
    "Provisional Member": {
      admin: false,
      di: false,
      where: "Not possible",
      explanation: notContributorToProvisional("No Access"),
    },
    Contributor: { admin: true, di: false, where: ADMIN, explanation: noAccessAdmin },
    Guest: { admin: true, di: false, where: ADMIN, explanation: guestOnlyAdmin },
    "No Access": same("No Access"),
  },
};

export type AdminTransitionCheck =
  | { allowed: true }
  | { allowed: false; where: TransitionWhere; explanation: string };

/**
 * May a System Admin make this seat change in the Admin Center? Refusals carry docs/product.md §3.3's
 * "where to act" answer. Asking for the seat the user already holds is allowed (a no-op).
 * Guest needs `canBeGuest` too, and a change to a DI-managed user is allowed but becomes
 * a pending override (see `checkManualOverride`).
 */
export function checkAdminTransition(from: SeatType, to: SeatType): AdminTransitionCheck {
  const cell = TRANSITION_MATRIX[from][to];
  if (cell.admin) return { allowed: true };
  // Refused cells are never "No change" (the diagonal is allowed).
  return { allowed: false, where: cell.where as TransitionWhere, explanation: cell.explanation };
}

/** The "where to act" answer for any pair of seats. */
export function explainTransition(
  from: SeatType,
  to: SeatType,
): { where: TransitionWhere | "No change"; explanation: string } {
  const cell = TRANSITION_MATRIX[from][to];
  return { where: cell.where, explanation: cell.explanation };
}

/** Does Directory Integration make this change (docs/product.md §3.3, first table)? */
export function isDiTransition(from: SeatType, to: SeatType): boolean {
  return TRANSITION_MATRIX[from][to].di;
}

/** Parses a seat name as people type it: "member", "No Access", "no-access", "provisional_member". */
export function parseSeatType(text: string): SeatType | null {
  const key = text.trim().toLowerCase().replace(/[\s_-]+/g, "");
  for (const s of SEAT_TYPES) if (s.toLowerCase().replace(/\s+/g, "") === key) return s;
  return null;
}

// zod's email check (a maintained pattern) rather than a hand-written regex; the Unicode
// variant so international addresses and domains (RFC 6531) are emails too.
const emailSchema = z.email({ pattern: z.regexes.unicodeEmail });

/** The lower-cased, ASCII (punycode) domain of an email address, or null if it is not one. */
export function emailDomain(email: string): string | null {
  const trimmed = email.trim();
  const at = trimmed.lastIndexOf("@");
  if (at <= 0 || at === trimmed.length - 1) return null;
  return normaliseDomain(trimmed.slice(at + 1));
}

function normaliseDomain(domain: string): string {
  const d = domain.trim().replace(/\.$/, "").toLowerCase();
  // IDN: compare "bücher.example" and "xn--bcher-kva.example" as the same domain.
  return domainToASCII(d) || d;
}

/**
 * docs/product.md §5: Guests are external, so a Guest's email must NOT be on a validated domain.
 * Exact domain match (case-insensitive, IDN-normalised): a subdomain is its own domain.
 */
export function canBeGuest(
  email: string,
  validatedDomains: readonly string[],
): { ok: true } | { ok: false; reason: string } {
  const domain = emailDomain(email);
  if (domain === null || !emailSchema.safeParse(email.trim()).success) {
    return { ok: false, reason: `"${email}" is not an email address.` };
  }
  for (const v of validatedDomains) {
    if (normaliseDomain(v) === domain) {
      return {
        ok: false,
        reason: `${email} is on the validated domain ${domain}: Guests are external users, so people on a validated domain are Members, Contributors or No Access users, not Guests.`,
      };
    }
  }
  return { ok: true };
}
