/**
 * Validation of SCIM resource bodies (POST and PUT, RFC 7644 §3.3 and §3.5.1) against the
 * schema definitions in lib/scim/schemas.ts, producing the canonical resource the store
 * keeps: attribute names in schema case (RFC 7643 §2.1 makes them case-insensitive on the
 * wire), extension attributes under their schema URN, and nothing the client may not set.
 *
 * Choices where the RFCs leave room (each one a real IdP's habit):
 * - readOnly attributes (`id`, `meta`, `groups`, the seat extension's `seatType` and
 *   `reviewEndsAt`, `manager.displayName`) are dropped without validation: RFC 7644 §3.3
 *   and §3.5.1 say they SHALL be ignored, and Okta's PUT echoes `meta` with dates that are
 *   not RFC 3339 ("04-12-2018 00:00:00").
 * - `password` (writeOnly) is accepted and dropped: we never store it.
 * - `schemas` is checked, then dropped (the store writes its own). It must be an array of
 *   strings (else invalidSyntax: the message structure is wrong) that includes the core
 *   schema of the resource type (else invalidValue: RFC 7643 §3 makes `schemas` a required
 *   value). Unknown URNs in it are ignored: Entra lists
 *   "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group" when it
 *   creates a group. Listing the extension URNs is not enforced either.
 * - An attribute or sub-attribute this service does not know (an IdP admin's extra mapping,
 *   a custom extension URN) is ignored, and its name is collected in `options.ignored` so
 *   the request's activity entry shows it: RFC 7644 is silent on unknown attributes, a 400
 *   halts provisioning of that user at the IdP, and Microsoft's SCIM validator expects
 *   them ignored (issue 11, item 17). Unknown names in filters, PATCH paths and
 *   `attributes=` are still refused: there they change what the request means. Without
 *   `options.ignored` (a caller that validates one value, not a write) an unknown
 *   sub-attribute is a 400 invalidValue naming it. A null value is never recorded (RFC
 *   7643 §2.5: null is unassigned; older Entra jobs send `"department": null`).
 * - Lengths and counts are capped (lib/scim/limits.ts): a string past MAX_STRING_LENGTH, a
 *   multi-valued attribute past MAX_MULTI_VALUES values, is a 400 invalidValue naming it.
 * - null, `[]` and `{}` mean unassigned (RFC 7643 §2.5) and are left out of the result.
 * - Boolean attributes accept the strings "True"/"False" in any case: Microsoft Entra ID
 *   sends them (fixture: lib/scim/fixtures/patch/entra-disable-user-string-false.json and
 *   lib/scim/fixtures/normalize/entra-create-user-string-booleans.json).
 * - A singular complex attribute with a `value` sub-attribute accepts a bare string as that
 *   value: Entra sends `"manager": "<id>"`
 *   (lib/scim/fixtures/normalize/entra-create-user-manager-string.json).
 */
import { scimErrors } from "@/lib/scim/errors";
import {
  MAX_BINARY_LENGTH,
  MAX_MEMBERS_PER_REQUEST,
  MAX_MULTI_VALUES,
  MAX_REFERENCE_LENGTH,
  MAX_STRING_LENGTH,
} from "@/lib/scim/limits";
import { checkGroupIdentifiers, checkUserIdentifiers } from "@/lib/scim/check-identifiers";
import {
  findSubAttribute,
  resolveAttributePath,
  schemaById,
  SCHEMAS,
  type AttributeDef,
  type ResolvedAttribute,
  type ResourceTypeDef,
} from "@/lib/scim/schemas";

export interface NormalizeOptions {
  mode: "create" | "replace";
  /** Collects the names of unknown attributes that were ignored (for the activity log). */
  ignored?: string[];
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * A SCIM boolean as clients send it: JSON true/false, or the strings "true"/"false" in any
 * case. Entra ID sends `"value": "False"` for `active` (fixture:
 * lib/scim/fixtures/patch/entra-disable-user-string-false.json). Anything else: undefined.
 */
export function toBoolean(value: unknown): boolean | undefined {
  if (typeof value === "boolean") return value;
  if (typeof value === "string") {
    const lower = value.toLowerCase();
    if (lower === "true") return true;
    if (lower === "false") return false;
  }
  return undefined;
}

/** RFC 7643 §2.3.5: xsd:dateTime, e.g. 2008-01-23T04:56:22Z (offset optional in xsd). */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/i;
const BASE64 = /^[A-Za-z0-9+/\s]*={0,2}\s*$/;

function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function typeError(label: string, expected: string, value: unknown) {
  return scimErrors.invalidValue(`Attribute '${label}' must be ${expected}; got ${describe(value)}.`);
}

/** The string unchanged, or a 400 naming the attribute when it is longer than `max`. */
function capped(value: string, max: number, label: string): string {
  if (value.length > max) {
    throw scimErrors.invalidValue(
      `Attribute '${label}' is ${value.length} characters long; the limit is ${max}.`,
    );
  }
  return value;
}

/**
 * Validates one value of an attribute (a single value, never the array of a multi-valued
 * attribute) and returns it in canonical form, or undefined when it is unassigned.
 */
export function normalizeSingleValue(
  def: AttributeDef,
  value: unknown,
  label: string,
  ignored?: string[],
): unknown {
  if (value === null || value === undefined) return undefined;
  switch (def.type) {
    case "complex":
      // Entra sends `manager` as the bare id string (fixture:
      // lib/scim/fixtures/normalize/entra-create-user-manager-string.json): for a singular
      // complex attribute with a `value` sub-attribute, a string is that value.
      if (typeof value === "string" && !def.multiValued && findSubAttribute(def, "value")) {
        return normalizeComplexValue(def, { value }, label, ignored);
      }
      if (!isPlainObject(value)) throw typeError(label, "an object with sub-attributes", value);
      return normalizeComplexValue(def, value, label, ignored);
    case "boolean": {
      const b = toBoolean(value);
      if (b === undefined) throw typeError(label, "a boolean (true or false)", value);
      return b;
    }
    case "string":
      if (typeof value !== "string") throw typeError(label, "a string", value);
      return capped(value, MAX_STRING_LENGTH, label);
    case "reference":
      if (typeof value !== "string") throw typeError(label, "a string holding a URI", value);
      return capped(value, MAX_REFERENCE_LENGTH, label);
    case "binary":
      // Length first: the regular expression would otherwise scan a huge value.
      if (typeof value !== "string" || !BASE64.test(capped(value, MAX_BINARY_LENGTH, label))) {
        throw typeError(label, "a base64-encoded string", value);
      }
      return value;
    case "integer":
      if (typeof value !== "number" || !Number.isInteger(value)) {
        throw typeError(label, "an integer", value);
      }
      return value;
    case "decimal":
      if (typeof value !== "number" || !Number.isFinite(value)) {
        throw typeError(label, "a number", value);
      }
      return value;
    case "dateTime":
      if (typeof value !== "string" || !DATE_TIME.test(value) || Number.isNaN(Date.parse(value))) {
        throw typeError(label, "an RFC 3339 date-time such as \"2008-01-23T04:56:22Z\"", value);
      }
      return value;
  }
}

/**
 * A complex value with canonical sub-attribute names. readOnly sub-attributes are dropped
 * (RFC 7644 §3.3), unknown ones are an error unless null. Undefined when nothing is left.
 */
export function normalizeComplexValue(
  def: AttributeDef,
  value: Record<string, unknown>,
  label: string,
  ignored?: string[],
): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(value)) {
    const sub = findSubAttribute(def, key);
    if (!sub) {
      if (raw === null) continue;
      if (ignored) {
        recordIgnored(ignored, `${label.replace(/\[\d+\]$/, "")}.${key}`);
        continue;
      }
      const allowed = (def.subAttributes ?? []).map((s) => s.name).join(", ");
      throw scimErrors.invalidValue(
        `Attribute '${label}' has no sub-attribute '${key}'. Its sub-attributes are: ${allowed}.`,
      );
    }
    if (sub.mutability === "readOnly") continue;
    if (Object.hasOwn(out, sub.name)) {
      throw scimErrors.invalidValue(
        `Sub-attribute '${label}.${sub.name}' is given twice (names are case-insensitive).`,
      );
    }
    const normalized = normalizeAttributeValue(sub, raw, `${label}.${sub.name}`, ignored);
    if (normalized !== undefined) out[sub.name] = normalized;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Adds a name once: Okta repeats a mapping in every element of a multi-valued attribute. */
export function recordIgnored(ignored: string[], name: string): void {
  if (!ignored.includes(name)) ignored.push(name);
}

/**
 * RFC 7643 §2.4: "The primary attribute value 'true' MUST appear no more than once."
 */
export function assertSinglePrimary(def: AttributeDef, values: unknown[], label: string): void {
  if (!findSubAttribute(def, "primary")) return;
  const primaries = values.filter((v) => isPlainObject(v) && v.primary === true).length;
  if (primaries > 1) {
    throw scimErrors.invalidValue(
      `Attribute '${label}' has ${primaries} values with "primary": true; at most one may be primary (RFC 7643 §2.4).`,
    );
  }
}

/**
 * Validates a whole attribute value (the array of a multi-valued attribute, or the single
 * value) and returns it canonical, or undefined when unassigned (null, [] or {}).
 */
export function normalizeAttributeValue(
  def: AttributeDef,
  value: unknown,
  label: string,
  ignored?: string[],
): unknown {
  if (value === null || value === undefined) return undefined;
  if (!def.multiValued) {
    // Entra ID sends a single-valued complex attribute (manager) as a one-element array
    // (fixtures/patch/entra-manager-array.json).
    const single = def.type === "complex" && Array.isArray(value) && value.length === 1 ? value[0] : value;
    return normalizeSingleValue(def, single, label, ignored);
  }
  if (!Array.isArray(value)) throw typeError(label, "a JSON array (it is multi-valued)", value);
  assertValueCount(value.length, MAX_MULTI_VALUES, label);
  const out: unknown[] = [];
  value.forEach((element, i) => {
    if (element === null || element === undefined) {
      throw scimErrors.invalidValue(`Attribute '${label}[${i}]' is null; leave it out instead.`);
    }
    const normalized = normalizeSingleValue(def, element, `${label}[${i}]`, ignored);
    if (normalized !== undefined) out.push(normalized);
  });
  assertSinglePrimary(def, out, label);
  return out.length > 0 ? out : undefined;
}

/** A 400 naming the attribute when a multi-valued attribute has more than `max` values. */
export function assertValueCount(count: number, max: number, label: string): void {
  if (count > max) {
    throw scimErrors.invalidValue(`Attribute '${label}' has ${count} values; the limit is ${max} in one request.`);
  }
}

/** The attribute's display name in messages: `name.givenName`, `urn:…:User:department`. */
export function attributeLabel(resolved: ResolvedAttribute): string {
  const base = resolved.extension && resolved.schema
    ? `${resolved.schema.id}:${resolved.attribute.name}`
    : resolved.attribute.name;
  return resolved.subAttribute ? `${base}.${resolved.subAttribute.name}` : base;
}

/** True when the attribute may not be written by a client at all. */
function isIgnoredOnWrite(def: AttributeDef): boolean {
  return def.mutability === "readOnly" || def.mutability === "writeOnly";
}

/** The object that holds the attribute: the resource, or its extension's object. */
function containerFor(
  resource: Record<string, unknown>,
  resolved: ResolvedAttribute,
): Record<string, unknown> {
  if (!resolved.extension || !resolved.schema) return resource;
  const existing = resource[resolved.schema.id];
  if (isPlainObject(existing)) return existing;
  const created: Record<string, unknown> = {};
  resource[resolved.schema.id] = created;
  return created;
}

function duplicate(label: string): never {
  throw scimErrors.invalidValue(
    `Attribute '${label}' is given twice (attribute names are case-insensitive, RFC 7643 §2.1).`,
  );
}

/** Puts a normalized value at its canonical place, refusing the same attribute twice. */
function assign(
  out: Record<string, unknown>,
  resolved: ResolvedAttribute,
  value: unknown,
  label: string,
): void {
  const container = containerFor(out, resolved);
  const name = resolved.attribute.name;
  if (resolved.subAttribute) {
    const current = container[name];
    const holder = isPlainObject(current) ? current : {};
    if (Object.hasOwn(holder, resolved.subAttribute.name)) duplicate(label);
    holder[resolved.subAttribute.name] = value;
    container[name] = holder;
    return;
  }
  if (!Object.hasOwn(container, name)) {
    container[name] = value;
    return;
  }
  // `name.givenName` and `name: {…}` in one body: merge when they do not overlap.
  const current = container[name];
  if (!isPlainObject(current) || !isPlainObject(value)) duplicate(label);
  for (const key of Object.keys(value)) {
    if (Object.hasOwn(current, key)) duplicate(`${label}.${key}`);
  }
  Object.assign(current, value);
}

function checkSchemas(rt: ResourceTypeDef, schemas: unknown): void {
  if (schemas === undefined || schemas === null) {
    throw scimErrors.invalidValue(
      `The ${rt.name} body has no "schemas" attribute; send "schemas": ["${rt.schema.id}"] (RFC 7643 §3).`,
    );
  }
  if (!Array.isArray(schemas) || schemas.some((s) => typeof s !== "string")) {
    throw scimErrors.invalidSyntax(
      `"schemas" must be an array of schema URN strings, e.g. ["${rt.schema.id}"].`,
    );
  }
  const core = rt.schema.id.toLowerCase();
  if (!schemas.some((s) => (s as string).toLowerCase() === core)) {
    throw scimErrors.invalidValue(
      `"schemas" must include "${rt.schema.id}" for a ${rt.name}; got ${JSON.stringify(schemas)} (RFC 7643 §3).`,
    );
  }
}

/** Is `key` an attribute of a schema we define (so an unknown name there is a typo)? */
function belongsToKnownSchema(key: string): boolean {
  const lower = key.toLowerCase();
  return SCHEMAS.some((s) => lower.startsWith(`${s.id.toLowerCase()}:`));
}

/**
 * Writes one attribute of the body (key as sent, possibly dotted or URN-qualified) into
 * `out`. Shared by the top level and by the objects under extension/core URN keys.
 */
function normalizeMember(
  rt: ResourceTypeDef,
  out: Record<string, unknown>,
  key: string,
  value: unknown,
  schemaUrn: string | undefined,
  ignored: string[] | undefined,
): void {
  const qualified = schemaUrn ? `${schemaUrn}:${key}` : key;
  const resolved = resolveAttributePath(rt, qualified);
  if (!resolved) {
    if (value === null) return;
    if (ignored) {
      recordIgnored(ignored, qualified);
      return;
    }
    if (qualified.toLowerCase().startsWith("urn:") && !belongsToKnownSchema(qualified)) return;
    throw scimErrors.invalidValue(
      `Unknown attribute '${qualified}' for a ${rt.name}. See GET /Schemas for the attributes this service supports.`,
    );
  }
  const label = attributeLabel(resolved);
  if (isIgnoredOnWrite(resolved.attribute)) return;
  if (resolved.subAttribute) {
    if (isIgnoredOnWrite(resolved.subAttribute)) return;
    const normalized = normalizeAttributeValue(resolved.subAttribute, value, label, ignored);
    if (normalized !== undefined) assign(out, resolved, normalized, label);
    return;
  }
  if (rt.name === "Group" && !resolved.extension && resolved.attribute.name === "members") {
    // Checked on the raw entries: a member's `display` is readOnly, so the generic pass
    // would turn {"display": "x"} into nothing instead of an error. The store needs only
    // the ids; nested groups are its call (it knows which ids exist).
    if (value === null) return;
    if (!Array.isArray(value)) throw typeError(label, "a JSON array (it is multi-valued)", value);
    assertValueCount(value.length, MAX_MEMBERS_PER_REQUEST, label);
    const ids = memberIds(value, label);
    if (ids.length > 0) assign(out, resolved, ids.map((id) => ({ value: id })), label);
    return;
  }
  const normalized = normalizeAttributeValue(resolved.attribute, value, label, ignored);
  if (normalized !== undefined) assign(out, resolved, normalized, label);
}

/**
 * Validates a POST (create) or PUT (replace) body for `rt` and returns the canonical
 * resource: core attributes at the top level in schema case, extension attributes under
 * their exact schema URN, no `schemas`, no readOnly or writeOnly attributes, no unassigned
 * values. `roles` entries keep every sub-attribute as sent, empty `value` included
 * (docs/product.md §2: Okta finds a role entry by its `type`). Throws ScimError (400) naming the
 * attribute on any invalid value.
 */
export function normalizeResource(
  rt: ResourceTypeDef,
  input: unknown,
  options: NormalizeOptions,
): Record<string, unknown> {
  const verb = options.mode === "create" ? "POST" : "PUT";
  if (!isPlainObject(input)) {
    throw scimErrors.invalidSyntax(
      `The ${verb} body must be a JSON object representing a ${rt.name}; got ${describe(input)}.`,
    );
  }
  let schemas: unknown;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    const lower = key.toLowerCase();
    if (lower === "schemas") {
      schemas = value;
      continue;
    }
    const schema = lower.startsWith("urn:") ? schemaById(key) : undefined;
    if (schema) {
      const isCore = schema.id === rt.schema.id;
      const isExtension = rt.extensions.some((e) => e.schema.id === schema.id);
      if (!isCore && !isExtension) {
        if (value === null) continue;
        throw scimErrors.invalidValue(
          `Schema '${schema.id}' does not apply to a ${rt.name}; leave its attributes out.`,
        );
      }
      if (value === null) continue;
      if (!isPlainObject(value)) {
        throw typeError(schema.id, "an object holding that schema's attributes", value);
      }
      for (const [subKey, subValue] of Object.entries(value)) {
        normalizeMember(rt, out, subKey, subValue, schema.id, options.ignored);
      }
      continue;
    }
    normalizeMember(rt, out, key, value, undefined, options.ignored);
  }
  checkSchemas(rt, schemas);

  // Extension objects emptied by dropped readOnly attributes are unassigned.
  for (const ext of rt.extensions) {
    const value = out[ext.schema.id];
    if (isPlainObject(value) && Object.keys(value).length === 0) delete out[ext.schema.id];
  }
  assertRequired(rt, out, verb);
  if (rt.name === "User") checkUserIdentifiers(out);
  else checkGroupIdentifiers(out);
  return out;
}

/**
 * The ids of Group `members` entries, each an object with a non-empty string `value`
 * (its other sub-attributes, `display`, `$ref`, are not needed). Duplicates are dropped.
 * A `type` other than "User" is refused: only Users can be members.
 */
export function memberIds(entries: unknown[], label: string): string[] {
  const ids = new Set<string>();
  entries.forEach((entry, i) => {
    const at = `${label}[${i}]`;
    if (!isPlainObject(entry)) {
      throw scimErrors.invalidValue(
        `'${at}' must be an object like {"value": "<user id>"}; got ${describe(entry)}.`,
      );
    }
    const valueKey = Object.keys(entry).find((k) => k.toLowerCase() === "value");
    const value = valueKey === undefined ? undefined : entry[valueKey];
    if (typeof value !== "string" || value === "") {
      throw scimErrors.invalidValue(
        `'${at}' must have a "value" holding the member's user id; got ${describe(value)}.`,
      );
    }
    const typeKey = Object.keys(entry).find((k) => k.toLowerCase() === "type");
    const type = typeKey === undefined ? undefined : entry[typeKey];
    if (type !== undefined && type !== null && String(type).toLowerCase() !== "user") {
      throw scimErrors.invalidValue(
        `'${at}' has type ${describe(type)}; only Users can be members of a group.`,
      );
    }
    ids.add(value);
  });
  return [...ids];
}

/** RFC 7643 §2.2 `required` (userName for a User, displayName for a Group). */
export function assertRequired(
  rt: ResourceTypeDef,
  resource: Record<string, unknown>,
  verb: string,
): void {
  const missing = (value: unknown) =>
    value === undefined || value === null || (typeof value === "string" && value.trim() === "");
  for (const def of rt.schema.attributes) {
    if (def.required && def.mutability !== "readOnly" && missing(resource[def.name])) {
      throw scimErrors.invalidValue(
        `Attribute '${def.name}' is required for a ${rt.name} and must not be empty (${verb}).`,
      );
    }
  }
  for (const ext of rt.extensions) {
    const holder = resource[ext.schema.id];
    if (ext.required && !isPlainObject(holder)) {
      throw scimErrors.invalidValue(`Extension '${ext.schema.id}' is required for a ${rt.name}.`);
    }
    if (!isPlainObject(holder)) continue;
    for (const def of ext.schema.attributes) {
      if (def.required && def.mutability !== "readOnly" && missing(holder[def.name])) {
        throw scimErrors.invalidValue(
          `Attribute '${ext.schema.id}:${def.name}' is required and must not be empty (${verb}).`,
        );
      }
    }
  }
}
