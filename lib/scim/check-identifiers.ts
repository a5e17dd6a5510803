/**
 * The identifiers of a canonical SCIM resource (issue 11, item 11): a User's `userName`,
 * `externalId` and each `emails` value, a Group's `displayName` and `externalId`, may not
 * hold control, bidirectional or zero-width characters,
 * and an email address (every `emails` value, and a `userName` holding an '@') must be
 * one address. One look at a handful of short strings, after normalizeResource has
 * checked their types and lengths.
 */
import { scimErrors } from "@/lib/scim/errors";
import { MAX_EMAIL_LENGTH } from "@/lib/scim/limits";
import {
  describeEmailAddressProblem,
  forbiddenIdentifierCharacter,
  parseEmailAddress,
} from "@/lib/users/email-address";

type Json = Record<string, unknown>;

function checkCharacters(value: string, label: string): void {
  const bad = forbiddenIdentifierCharacter(value);
  if (bad) {
    throw scimErrors.invalidValue(
      `Attribute '${label}' holds the invisible or control character ${bad}; identifiers may not contain control, bidirectional or zero-width characters.`,
    );
  }
}

function checkAddress(value: string, label: string): void {
  if (value.length > MAX_EMAIL_LENGTH) {
    throw scimErrors.invalidValue(`Attribute '${label}' is ${value.length} characters long; an email address is at most ${MAX_EMAIL_LENGTH}.`);
  }
  const parsed = parseEmailAddress(value);
  if (typeof parsed === "string") {
    const shown = value.length > 80 ? `${value.slice(0, 77)}...` : value;
    throw scimErrors.invalidValue(
      `Attribute '${label}' is not a valid email address ('${shown}'): ${describeEmailAddressProblem(parsed)}.`,
    );
  }
}

/** Throws invalidValue naming the attribute; returns nothing when every identifier is clean. */
export function checkUserIdentifiers(resource: Json): void {
  const { userName, externalId, emails } = resource;
  if (typeof userName === "string") {
    checkCharacters(userName, "userName");
    // A userName is not always an address (Entra's UPN usually is, a login name is not),
    // but one that holds an '@' or its full-width look-alike is read as one.
    if (/[@\uFF20\uFE6B]/.test(userName)) checkAddress(userName, "userName");
  }
  if (typeof externalId === "string") checkCharacters(externalId, "externalId");
  if (Array.isArray(emails)) {
    emails.forEach((entry, i) => {
      const value = (entry as Json | undefined)?.value;
      if (typeof value !== "string" || value === "") return;
      checkCharacters(value, `emails[${i}].value`);
      checkAddress(value, `emails[${i}].value`);
    });
  }
}

/** A Group's identifiers: its displayName is unique per plan, its externalId the IdP's key. */
export function checkGroupIdentifiers(resource: Json): void {
  if (typeof resource.displayName === "string") checkCharacters(resource.displayName, "displayName");
  if (typeof resource.externalId === "string") checkCharacters(resource.externalId, "externalId");
}
