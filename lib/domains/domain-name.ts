import { domainToASCII } from "node:url";
import { AppError } from "@/lib/errors";

/** The TXT record an admin publishes to prove control of a domain (docs/product.md §5). */
export const CHALLENGE_LABEL = "_admin-center-challenge";
export const CHALLENGE_VALUE_PREFIX = "admin-center-verification=";

export const challengeRecordName = (domain: string): string => `${CHALLENGE_LABEL}.${domain}`;

// RFC 1035 §2.3.1 (preferred name syntax, as relaxed by RFC 1123 §2.1 to allow a leading
// digit): letters, digits and inner hyphens, 1–63 octets a label, 253 for the name.
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
// A name that is already ASCII letters, digits, dots and hyphens, with no A-label to
// check: lower-casing is all domainToASCII would do, at a tenth of its cost (SCIM creates
// normalise an address's domain several times, lib/users/email-address.ts).
const PLAIN_ASCII = /^[A-Za-z0-9.-]+$/;
const A_LABEL = /(?:^|\.)xn--/i;
// WHATWG URL's "ends in a number": a last label of digits, or 0x and hex digits, makes the
// host an IPv4 address (RFC 3696 §2: a top-level label is never all-numeric).
const NUMERIC_LABEL = /^(?:[0-9]+|0x[0-9a-f]*)$/i;

/**
 * Normalises what a person typed as a domain: trims, lower-cases, drops a trailing root
 * dot, and converts an internationalised name to its A-label form (RFC 5890) with
 * node's WHATWG `domainToASCII` (UTS #46 mapping: full-width `ＡＣＭＥ` is `acme`), so
 * `Bücher.example` and `xn--bcher-kva.example` are one domain. Returns undefined when it is not a registrable-looking host name.
 */
export function normalizeDomainName(input: string): string | undefined {
  // UTS #46 reads the ideographic and full-width full stops as label separators; mapped
  // first so that `example．com．` loses its trailing dot like `example.com.` does.
  let raw = input.trim().replace(/[\u3002\uFF0E\uFF61]/g, ".");
  if (raw.endsWith(".")) raw = raw.slice(0, -1);
  // Only letters (any script, for IDNs), marks, digits, hyphens and dots: this also keeps
  // WHATWG host parsing from percent-decoding or accepting ports, paths and IPv6 literals.
  let ascii: string;
  if (PLAIN_ASCII.test(raw) && !A_LABEL.test(raw)) ascii = raw.toLowerCase();
  else if (raw === "" || /[^\p{L}\p{M}\p{N}.-]/u.test(raw)) return undefined;
  else ascii = domainToASCII(raw).toLowerCase();
  if (ascii === "" || ascii.length > 253) return undefined;
  const labels = ascii.split(".");
  if (labels.length < 2) return undefined;
  if (!labels.every((label) => LABEL.test(label))) return undefined;
  if (NUMERIC_LABEL.test(labels[labels.length - 1] ?? "")) return undefined;
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
