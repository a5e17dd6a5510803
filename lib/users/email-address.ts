/**
 * Email addresses and user names as identities (issue 11, item 11): what is a valid
 * address, and the normalised form that uniqueness and the validated-domain rule compare
 * on. The value as sent is kept for display and for the IdP, which matches by what it
 * sent; the `*_norm` columns hold `identityNorm`.
 */
import { normalizeDomainName } from "@/lib/domains/domain-name";

/** RFC 5321 §4.5.3.1: 64 octets of local part; 254 for the whole mailbox (RFC 3696 errata 1690). */
export const MAX_LOCAL_PART_LENGTH = 64;
export const MAX_EMAIL_ADDRESS_LENGTH = 254;

/**
 * Characters no identifier may hold: controls (C0, DEL, C1), the bidirectional overrides,
 * embeddings and isolates (CVE-2021-42574's "Trojan Source"; they make one name display as
 * another), the marks LRM/RLM/ALM, and zero-width characters (invisible, so two names
 * that look the same differ).
 */
const FORBIDDEN_IN_IDENTIFIER = /[\p{Cc}\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/u;

/** The first character an identifier may not hold, described, or undefined when none. */
export function forbiddenIdentifierCharacter(text: string): string | undefined {
  const match = FORBIDDEN_IN_IDENTIFIER.exec(text);
  if (!match) return undefined;
  const code = match[0].codePointAt(0) ?? 0;
  return `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
}

// Look-alikes of '@' that NFKC folds to it: FULLWIDTH COMMERCIAL AT, SMALL COMMERCIAL AT.
const AT_LOOKALIKES = /[\uFF20\uFE6B]/;
// RFC 5322 §3.2.3 specials and white space: only a quoted local part may hold them, and no
// IdP sends one, so a dot-atom is required.
const NOT_IN_DOT_ATOM = /[\s"(),:;<>[\]\\]/u;
// The common case, an ASCII dot-atom (RFC 5322 §3.2.3 atext), in one test.
const ASCII_DOT_ATOM = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;

export type EmailAddressProblem =
  | "not-one-at"
  | "local-part"
  | "domain"
  | "too-long";

export interface ParsedEmailAddress {
  local: string;
  /** The domain as sent. */
  domain: string;
  /** The domain normalised: IDNA A-labels, lower case, no trailing dot. */
  domainNorm: string;
}

/**
 * Parses an address as `local@domain` (RFC 5321 §4.1.2 Mailbox with a dot-atom local
 * part; RFC 6531 allows non-ASCII in it). Refuses a second '@' or one of its full-width
 * look-alikes (`x@evil.example@acme.test`, `x＠acme.test`), a local part that is empty,
 * too long or not a dot-atom, and a domain normalizeDomainName does not accept.
 */
export function parseEmailAddress(text: string): ParsedEmailAddress | EmailAddressProblem {
  if (text.length > MAX_EMAIL_ADDRESS_LENGTH) return "too-long";
  const at = text.indexOf("@");
  if (at < 0 || text.indexOf("@", at + 1) >= 0) return "not-one-at";
  const local = text.slice(0, at);
  const domain = text.slice(at + 1);
  if (local.length > MAX_LOCAL_PART_LENGTH) return "local-part";
  if (!ASCII_DOT_ATOM.test(local)) {
    if (AT_LOOKALIKES.test(local)) return "not-one-at";
    if (
      local === "" ||
      NOT_IN_DOT_ATOM.test(local) ||
      local.startsWith(".") ||
      local.endsWith(".") ||
      local.includes("..")
    ) {
      return "local-part";
    }
  }
  // normalizeDomainName trims; an address has no spaces around its domain.
  const domainNorm = domain.trim() === domain ? normalizeDomainName(domain) : undefined;
  if (!domainNorm) return "domain";
  return { local, domain, domainNorm };
}

/** A sentence for each problem, for error details. */
export function describeEmailAddressProblem(problem: EmailAddressProblem): string {
  switch (problem) {
    case "not-one-at":
      return "an address has exactly one '@' (and no full-width '＠')";
    case "local-part":
      return `the part before '@' must be 1 to ${MAX_LOCAL_PART_LENGTH} characters without spaces, quotes or ()<>[]:;,\\ and without leading, trailing or double dots`;
    case "domain":
      return "the part after '@' must be a domain name such as example.com";
    case "too-long":
      return `an address is at most ${MAX_EMAIL_ADDRESS_LENGTH} characters`;
  }
}

/**
 * The form two identities are compared in: lower case, and when the text is an email
 * address its domain normalised as normalizeDomainName does, so `ada@ＡＣＭＥ.test`,
 * `ada@acme.test.` and `ada@acme.test` are one identity. Anything else (a user name that
 * is not an address) is only lower-cased. For plain ASCII addresses this is the
 * lower-cased text, what the `*_norm` columns held before.
 */
export function identityNorm(text: string): string {
  const parsed = text.includes("@") ? parseEmailAddress(text) : undefined;
  if (parsed === undefined || typeof parsed === "string") return text.toLowerCase();
  return `${parsed.local.toLowerCase()}@${parsed.domainNorm}`;
}
