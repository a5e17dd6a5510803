import { domainToASCII } from "node:url";
import { AppError } from "@/lib/errors";

/** The TXT record an admin publishes to prove control of a domain (SPEC §5). */
export const CHALLENGE_LABEL = "_admin-center-challenge";
export const CHALLENGE_VALUE_PREFIX = "admin-center-verification=";

export const challengeRecordName = (domain: string): string => `${CHALLENGE_LABEL}.${domain}`;

// RFC 1035 §2.3.1 (preferred name syntax, as relaxed by RFC 1123 §2.1 to allow a leading
// digit): letters, digits and inner hyphens, 1–63 octets a label, 253 for the name.
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * Normalises what a person typed as a domain: trims, lower-cases, drops a trailing root
 * dot, and converts an internationalised name to its A-label form (RFC 5890) with
 * node's WHATWG `domainToASCII`, so `Bücher.example` and `xn--bcher-kva.example` are one
 * domain. Returns undefined when it is not a registrable-looking host name.
 */
export function normalizeDomainName(input: string): string | undefined {
  let raw = input.trim();
  if (raw.endsWith(".")) raw = raw.slice(0, -1);
  // Only letters (any script, for IDNs), marks, digits, hyphens and dots: this also keeps
  // WHATWG host parsing from percent-decoding or accepting ports, paths and IPv6 literals.
  if (raw === "" || /[^\p{L}\p{M}\p{N}.-]/u.test(raw)) return undefined;
  const ascii = domainToASCII(raw).toLowerCase();
  if (ascii === "" || ascii.length > 253) return undefined;
  const labels = ascii.split(".");
  if (labels.length < 2) return undefined;
  if (!labels.every((label) => LABEL.test(label))) return undefined;
  // A numeric top-level label means an IP address, not a domain (RFC 3696 §2).
  if (/^[0-9]+$/.test(labels[labels.length - 1] ?? "")) return undefined;
  return ascii;
}

/** normalizeDomainName, throwing an AppError a person can act on. */
export function parseDomainName(input: string): string {
  const name = normalizeDomainName(input);
  if (!name) {
    throw new AppError(
      "invalid",
      `"${input}" is not a valid domain name: give a name like example.com (letters, digits and hyphens, dot-separated, no scheme, path or @)`,
    );
  }
  return name;
}

/** The normalised domain of an email address, or undefined when it has none. */
export function emailDomain(email: string): string | undefined {
  const at = email.lastIndexOf("@");
  if (at < 1) return undefined;
  return normalizeDomainName(email.slice(at + 1));
}
