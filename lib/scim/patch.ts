/**
 * The PATCH engine (RFC 7644 §3.5.2), pure: a request is parsed once
 * (`parsePatchRequest`), then applied to a copy of the canonical resource (`applyPatch`,
 * the shape `normalizeResource` returns). Operations apply in order; the first failure
 * throws a ScimError and the caller's resource is untouched, so a request applies
 * atomically or not at all.
 *
 * Group members are never materialised (a group can have 50,000 of them): every operation
 * on a Group's `members` becomes a `MemberOp` the store runs in SQL, in order.
 *
 * Where the RFC leaves room, the choices and the clients that need them:
 * - `op` is case-insensitive: Entra sends "Add", "Replace", "Remove"
 *   (fixtures/patch/entra-replace-attributes.json).
 * - Booleans may be the strings "True"/"False" (Entra, fixtures/patch/entra-disable-user-string-false.json).
 * - Without a path, the keys of `value` may be attribute paths: Entra sends
 *   `"name.givenName"` and `"urn:…:enterprise:2.0:User:employeeNumber"` keys
 *   (fixtures/patch/entra-replace-attributes-no-path.json).
 * - An `id` equal to the resource's own id in a value is ignored: Okta's group rename sends
 *   `{"op":"replace","value":{"id":"<group id>","displayName":"…"}}`
 *   (fixtures/patch/okta-group-rename.json). Any other readOnly target is a `mutability` error.
 * - A singular complex attribute with a `value` sub-attribute accepts a bare string as that
 *   value: Entra sets `manager` to the manager's id (fixtures/patch/entra-manager-bare-id.json).
 * - `remove` with a `value` list removes just those values: Entra removes members as
 *   `{"op":"Remove","path":"members","value":[{"value":"<id>"}]}`
 *   (fixtures/patch/entra-remove-members-value-list.json).
 * - `add`/`replace` at `attr[filter].sub` (or `attr[filter]`) that matches nothing creates the
 *   element when the attribute has no values at all and the filter is a plain `eq` (or an
 *   `and` of them): §3.5.2.3 treats a target attribute that does not exist as an "add", and
 *   Entra sets `emails[type eq "work"].value` on users created without emails
 *   (fixtures/patch/entra-emails-work-value-create.json). When the attribute has values
 *   and none matches, `replace` is `noTarget` as §3.5.2.3 says.
 * - `remove` with a value filter that matches nothing succeeds without change: removal is
 *   idempotent and IdPs retry.
 * - A path or value key under an extension URN this service does not define is ignored, as
 *   normalizeResource ignores it in POST and PUT.
 * - A multi-valued attribute given one object instead of an array takes it as one value.
 * - An unknown attribute among the keys of a path-less `value` is ignored and its name
 *   collected in `options.ignored`, as normalizeResource does in POST and PUT (issue 11,
 *   item 17); an unknown attribute in a `path` is still invalidPath.
 * - A User's `active` cannot be removed (`remove`, or `replace` with null): its state is
 *   a column, not a value that can be absent, and a 200 that changed nothing told the IdP
 *   the user was deprovisioned when it was not (issue 11, item 16).
 */
import { ScimError, scimErrors } from "@/lib/scim/errors";
import type { Filter, PatchPath } from "@/lib/scim/filter/ast";
import { matchesValueFilter } from "@/lib/scim/filter/evaluate";
import { parsePatchPath } from "@/lib/scim/filter/parse";
import { coerceOperand, pathText, resolveElementPath } from "@/lib/scim/filter/semantics";
import { MAX_MEMBERS_PER_REQUEST, MAX_MULTI_VALUES, MAX_PATCH_OPERATIONS } from "@/lib/scim/limits";
import {
  assertValueCount,
  attributeLabel,
  isPlainObject,
  memberIds,
  normalizeAttributeValue,
  normalizeSingleValue,
  recordIgnored,
  toBoolean,
} from "@/lib/scim/normalize";
import {
  findSubAttribute,
  resolveAttribute,
  resolveAttributePath,
  schemaById,
  SCHEMAS,
  type AttributeDef,
  type ResolvedAttribute,
  type ResourceTypeDef,
  type SchemaDef,
} from "@/lib/scim/schemas";
import { SCHEMA_URNS } from "@/lib/users/schema-urns";

export type PatchOpName = "add" | "remove" | "replace";

export interface PatchOperation {
  op: PatchOpName;
  /** The path as sent (trimmed); absent when the operation has none. */
  pathText?: string;
  path?: PatchPath;
  /** True when the operation has a `value` member (null included). */
  hasValue: boolean;
  value?: unknown;
  /** Position in `Operations`, for error details. */
  index: number;
}

/** A change to a Group's membership, run by the store in SQL, in order. */
export type MemberOp =
  | { kind: "add"; ids: string[] }
  | { kind: "remove"; ids: string[] }
  | { kind: "removeAll" }
  | { kind: "removeWhere"; filter: Filter };

export interface PatchResult {
  /** The patched canonical resource (a new object; the input is never modified). */
  resource: Record<string, unknown>;
  /** Group membership changes, in request order; always empty for a User. */
  memberOps: MemberOp[];
  /**
   * Whether `resource` differs from the input. RFC 7644 §3.5.2.1: an add of a value that is
   * already there SHALL NOT change the modify timestamp.
   */
  changed: boolean;
}

export interface ApplyPatchOptions {
  /** The id of the resource being patched: an `id` equal to it in a value is ignored (Okta). */
  resourceId?: string;
  /** Collects the names of unknown attributes in path-less values that were ignored. */
  ignored?: string[];
}

// ---------------------------------------------------------------------------------------
// Parsing the request

/** Case-insensitive member lookup (RFC 7643 §2.1 applies to message attributes too). */
function member(obj: Record<string, unknown>, name: string): { found: boolean; value: unknown } {
  if (Object.hasOwn(obj, name)) return { found: true, value: obj[name] };
  const lower = name.toLowerCase();
  for (const key of Object.keys(obj)) {
    if (key.toLowerCase() === lower) return { found: true, value: obj[key] };
  }
  return { found: false, value: undefined };
}

function short(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/**
 * Validates a PATCH body (RFC 7644 §3.5.2) and returns its operations. Throws
 * invalidSyntax for a body that is not a PatchOp message, invalidPath for a malformed
 * path, noTarget for a `remove` without a path (§3.5.2.2), invalidValue for an `add` or
 * `replace` without a value.
 */
export function parsePatchRequest(body: unknown): PatchOperation[] {
  if (!isPlainObject(body)) {
    throw scimErrors.invalidSyntax(
      `The PATCH body must be a JSON object with "schemas": ["${SCHEMA_URNS.patchOp}"] and "Operations" (RFC 7644 §3.5.2).`,
    );
  }
  const schemas = member(body, "schemas").value;
  const patchOp = SCHEMA_URNS.patchOp.toLowerCase();
  if (
    !Array.isArray(schemas) ||
    !schemas.some((s) => typeof s === "string" && s.toLowerCase() === patchOp)
  ) {
    throw scimErrors.invalidSyntax(
      `A PATCH body must have "schemas": ["${SCHEMA_URNS.patchOp}"]; got ${schemas === undefined ? "none" : short(schemas)}.`,
    );
  }
  const operations = member(body, "Operations").value;
  if (!Array.isArray(operations) || operations.length === 0) {
    throw scimErrors.invalidSyntax(
      `A PATCH body must have "Operations": a non-empty array of {"op", "path", "value"} objects; got ${operations === undefined ? "none" : short(operations)}.`,
    );
  }
  if (operations.length > MAX_PATCH_OPERATIONS) {
    throw scimErrors.invalidValue(
      `A PATCH body has ${operations.length} operations; the limit is ${MAX_PATCH_OPERATIONS}. Send them in several requests.`,
    );
  }
  return operations.map((raw, index) => parseOperation(raw, index));
}

function parseOperation(raw: unknown, index: number): PatchOperation {
  const at = `Operations[${index}]`;
  if (!isPlainObject(raw)) {
    throw scimErrors.invalidSyntax(`${at} must be an object with "op", "path" and "value"; got ${short(raw)}.`);
  }
  const opRaw = member(raw, "op").value;
  const op = typeof opRaw === "string" ? opRaw.toLowerCase() : undefined;
  if (op !== "add" && op !== "remove" && op !== "replace") {
    throw scimErrors.invalidSyntax(
      `${at}.op must be "add", "remove" or "replace"; got ${opRaw === undefined ? "none" : short(opRaw)}.`,
    );
  }
  const result: PatchOperation = { op, hasValue: false, index };
  const pathRaw = member(raw, "path");
  if (pathRaw.found && pathRaw.value !== null) {
    if (typeof pathRaw.value !== "string") {
      throw scimErrors.invalidPath(`${at}.path must be a string such as "emails[type eq \\"work\\"].value"; got ${short(pathRaw.value)}.`);
    }
    const text = pathRaw.value.trim();
    if (text !== "") {
      result.pathText = text;
      try {
        result.path = parsePatchPath(text);
      } catch (error) {
        if (error instanceof ScimError) {
          throw new ScimError(400, `${at} (${op} ${JSON.stringify(text)}): ${error.detail}`, "invalidPath");
        }
        throw error;
      }
    }
  }
  const valueRaw = member(raw, "value");
  if (valueRaw.found) {
    result.hasValue = true;
    result.value = valueRaw.value;
  }
  if (op === "remove" && result.path === undefined) {
    throw scimErrors.noTarget(
      `${at}: a "remove" operation needs a "path" naming what to remove (RFC 7644 §3.5.2.2).`,
    );
  }
  if (op !== "remove" && !result.hasValue) {
    throw scimErrors.invalidValue(
      `${at} (${op}${result.pathText ? ` ${JSON.stringify(result.pathText)}` : ""}): "value" is required for "${op}" (RFC 7644 §3.5.2).`,
    );
  }
  return result;
}

// ---------------------------------------------------------------------------------------
// Applying operations

interface Ctx {
  rt: ResourceTypeDef;
  res: Record<string, unknown>;
  memberOps: MemberOp[];
  resourceId: string | undefined;
  ignored: string[] | undefined;
}

/**
 * Applies `ops` to a copy of `resource` (canonical, as normalizeResource returns it; it
 * may hold `active`). Throws the first operation's ScimError, its detail prefixed with the
 * operation (`Operations[2] (replace "emails[type eq \"work\"].value"): …`); nothing is
 * changed then.
 */
export function applyPatch(
  rt: ResourceTypeDef,
  resource: Record<string, unknown>,
  ops: PatchOperation[],
  options: ApplyPatchOptions = {},
): PatchResult {
  const ctx: Ctx = {
    rt,
    res: structuredClone(resource),
    memberOps: [],
    resourceId: options.resourceId,
    ignored: options.ignored,
  };
  for (const op of ops) {
    try {
      applyOperation(ctx, op);
    } catch (error) {
      if (error instanceof ScimError && error.status === 400) {
        const label = `Operations[${op.index}] (${op.op}${op.pathText ? ` ${JSON.stringify(op.pathText)}` : ""})`;
        throw new ScimError(error.status, `${label}: ${error.detail}`, error.scimType, error.headers);
      }
      throw error;
    }
  }
  pruneEmpty(ctx.res, rt);
  return {
    resource: ctx.res,
    memberOps: ctx.memberOps,
    changed: stableJson(ctx.res) !== stableJson(resource),
  };
}

function applyOperation(ctx: Ctx, op: PatchOperation): void {
  if (op.path === undefined) {
    // §3.5.2.1 / §3.5.2.3: without a path the value holds attributes of the resource.
    applyAttributes(ctx, op.op, op.value, undefined);
    return;
  }
  const { path } = op;
  if (path.path.attr === "") {
    applyWholeSchema(ctx, op.op, path.path.schema ?? "", op.value, op.hasValue);
    return;
  }
  const resolved = resolveAttribute(ctx.rt, path.path.schema, path.path.attr, path.path.sub);
  if (!resolved) {
    if (isUnknownExtensionPath(op.pathText ?? "")) return;
    throw scimErrors.invalidPath(
      `'${pathText(path.path)}' is not an attribute of a ${ctx.rt.name}. See GET /Schemas for the attributes this service supports.`,
    );
  }
  applyTarget(ctx, op.op, resolved, path.filter, path.subAttr, op.value, op.hasValue);
}

/** A path or key under a URN none of our schemas has: an IdP admin's custom extension. */
function isUnknownExtensionPath(text: string): boolean {
  const lower = text.toLowerCase();
  if (!lower.startsWith("urn:")) return false;
  return !SCHEMAS.some((s) => lower === s.id.toLowerCase() || lower.startsWith(`${s.id.toLowerCase()}:`));
}

function schemaRole(rt: ResourceTypeDef, schema: SchemaDef): "core" | "extension" | "foreign" {
  if (schema.id === rt.schema.id) return "core";
  return rt.extensions.some((e) => e.schema.id === schema.id) ? "extension" : "foreign";
}

/** A path that is just a schema URN: the whole extension object (or the core schema). */
function applyWholeSchema(ctx: Ctx, op: PatchOpName, urn: string, value: unknown, hasValue: boolean) {
  const schema = schemaById(urn);
  if (!schema) {
    if (isUnknownExtensionPath(urn)) return;
    throw scimErrors.invalidPath(`'${urn}' is not a schema of this service.`);
  }
  const role = schemaRole(ctx.rt, schema);
  if (role === "foreign") {
    throw scimErrors.invalidPath(`Schema '${schema.id}' does not apply to a ${ctx.rt.name}.`);
  }
  if (op === "remove" || (op === "replace" && hasValue && value === null)) {
    if (role === "core") {
      throw scimErrors.mutability(`The core schema '${schema.id}' cannot be removed; remove its attributes one by one.`);
    }
    // No attribute of our extensions is required, so the whole object may go.
    delete ctx.res[schema.id];
    return;
  }
  applyAttributes(ctx, op, value, schema);
}

/**
 * `value` as a set of attributes (no path, a whole-schema path, or an object under a
 * schema URN key). Keys may be attribute paths (`name.givenName`, URN-qualified).
 */
function applyAttributes(ctx: Ctx, op: PatchOpName, value: unknown, schema: SchemaDef | undefined) {
  if (value === null && schema) return;
  if (!isPlainObject(value)) {
    throw scimErrors.invalidValue(
      `"value" must be an object of attributes to ${op}${schema ? ` in '${schema.id}'` : ""}, e.g. {"active": false}; got ${short(value)}.`,
    );
  }
  for (const [key, raw] of Object.entries(value)) {
    const lower = key.toLowerCase();
    if (!schema && lower === "schemas") continue; // clients echo it; the store writes its own
    const keySchema = !schema && lower.startsWith("urn:") ? schemaById(key) : undefined;
    if (keySchema) {
      const role = schemaRole(ctx.rt, keySchema);
      if (role === "foreign") {
        if (raw === null) continue;
        throw scimErrors.invalidValue(`Schema '${keySchema.id}' does not apply to a ${ctx.rt.name}.`);
      }
      if (role === "extension" && raw === null) {
        if (op === "replace") delete ctx.res[keySchema.id];
        continue;
      }
      applyAttributes(ctx, op, raw, keySchema);
      continue;
    }
    const qualified = schema ? `${schema.id}:${key}` : key;
    const resolved = resolveAttributePath(ctx.rt, qualified);
    if (!resolved) {
      if (raw === null) continue;
      if (ctx.ignored) {
        recordIgnored(ctx.ignored, qualified);
        continue;
      }
      if (isUnknownExtensionPath(qualified)) continue;
      throw scimErrors.invalidValue(
        `Unknown attribute '${qualified}' for a ${ctx.rt.name}. See GET /Schemas for the attributes this service supports.`,
      );
    }
    applyTarget(ctx, op, resolved, undefined, undefined, raw, true);
  }
}

function containerFor(
  res: Record<string, unknown>,
  resolved: ResolvedAttribute,
  create: boolean,
): Record<string, unknown> | undefined {
  if (!resolved.extension || !resolved.schema) return res;
  const existing = res[resolved.schema.id];
  if (isPlainObject(existing)) return existing;
  if (!create) return undefined;
  const created: Record<string, unknown> = {};
  res[resolved.schema.id] = created;
  return created;
}

function hasValueAt(container: Record<string, unknown> | undefined, name: string): boolean {
  const v = container?.[name];
  return v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0);
}

/** One resolved target: checks mutability, then dispatches on the attribute's shape. */
function applyTarget(
  ctx: Ctx,
  op: PatchOpName,
  resolved: ResolvedAttribute,
  filter: Filter | undefined,
  subAttrName: string | undefined,
  value: unknown,
  hasValue: boolean,
): void {
  const attr = resolved.attribute;
  const label = attributeLabel(resolved);

  if (ctx.rt.name === "Group" && !resolved.extension && attr.name === "members") {
    applyMembers(ctx, op, resolved, filter, subAttrName, value, hasValue);
    return;
  }
  // writeOnly: accepted and never stored (the schema says so for `password`).
  if (attr.mutability === "writeOnly") return;
  if (attr.mutability === "readOnly") {
    // Okta's group rename repeats the group's own id in the value
    // (fixtures/patch/okta-group-rename.json): that changes nothing, so it is not an error.
    const isOwnId =
      attr.name === "id" && !resolved.schema && !resolved.subAttribute && op !== "remove" &&
      ctx.resourceId !== undefined && value === ctx.resourceId;
    if (isOwnId) return;
    throw scimErrors.mutability(`'${label}' is read-only and cannot be changed (RFC 7643 §2.2).`);
  }
  if (resolved.subAttribute?.mutability === "readOnly") {
    throw scimErrors.mutability(`'${label}' is read-only and cannot be changed (RFC 7643 §2.2).`);
  }
  if (
    ctx.rt.name === "User" && !resolved.extension && attr.name === "active" &&
    (op === "remove" || (hasValue && value === null))
  ) {
    throw scimErrors.mutability(
      `'active' cannot be removed: a User is either active or not. To deactivate the user send {"op": "replace", "path": "active", "value": false}; to delete it, DELETE /Users/<id>.`,
    );
  }
  const container = containerFor(ctx.res, resolved, op !== "remove");
  // §3.5.2: an immutable attribute may be added when it has no value, never changed after.
  if (attr.mutability === "immutable" && hasValueAt(container, attr.name)) {
    throw scimErrors.mutability(`'${label}' is immutable: it cannot be changed once set (RFC 7644 §3.5.2).`);
  }
  if (!container) return; // remove from an extension that has no values: nothing to do

  if (filter !== undefined) {
    if (!attr.multiValued || attr.type !== "complex") {
      throw scimErrors.invalidPath(
        `'${label}' is not a multi-valued complex attribute, so it cannot take a value filter '[…]'.`,
      );
    }
    validateValueFilter(ctx.rt, attr, filter);
    const sub = subAttrName === undefined ? undefined : findSubAttribute(attr, subAttrName);
    if (subAttrName !== undefined && !sub) {
      throw scimErrors.invalidPath(`'${attr.name}' has no sub-attribute '${subAttrName}'.`);
    }
    if (sub?.mutability === "readOnly") {
      throw scimErrors.mutability(`'${label}.${sub.name}' is read-only and cannot be changed (RFC 7643 §2.2).`);
    }
    applyToElements(ctx, op, container, attr, filter, sub, value, hasValue, label);
    return;
  }
  if (resolved.subAttribute) {
    if (attr.multiValued) {
      // `emails.value` without a filter: every element's sub-attribute.
      applyToElements(ctx, op, container, attr, undefined, resolved.subAttribute, value, hasValue, label);
    } else {
      applySubOfComplex(container, attr, resolved.subAttribute, op, value, label);
    }
    return;
  }
  if (attr.multiValued) applyMultiValued(container, attr, op, value, hasValue, label);
  else if (attr.type === "complex") applyComplex(container, attr, op, value, label);
  else applySimple(container, attr, op, value, label);
}

function requiredGone(label: string): ScimError {
  return scimErrors.mutability(
    `'${label}' is required and cannot be removed (RFC 7644 §3.5.2.2); replace it with a new value instead.`,
  );
}

function applySimple(
  container: Record<string, unknown>,
  attr: AttributeDef,
  op: PatchOpName,
  value: unknown,
  label: string,
): void {
  const next = op === "remove" ? undefined : normalizeSingleValue(attr, value, label);
  if (next === undefined) {
    clearAttribute(container, attr, label);
    return;
  }
  if (attr.required && typeof next === "string" && next.trim() === "") {
    throw scimErrors.invalidValue(`'${label}' is required and must not be empty.`);
  }
  container[attr.name] = next;
}

/**
 * Entra sets `manager` by the bare id string (fixtures/patch/entra-manager-bare-id.json):
 * a string for a singular complex attribute that has a `value` sub-attribute is that value.
 */
function complexFromBare(attr: AttributeDef, value: unknown): unknown {
  if (typeof value === "string" && findSubAttribute(attr, "value")) return { value };
  return value;
}

/** Sets the given sub-attributes on `holder` (null removes one); §3.5.2.3 complex replace. */
function mergeInto(
  holder: Record<string, unknown>,
  attr: AttributeDef,
  value: Record<string, unknown>,
  label: string,
): void {
  for (const [key, raw] of Object.entries(value)) {
    const sub = findSubAttribute(attr, key);
    if (!sub) {
      if (raw === null) continue;
      const allowed = (attr.subAttributes ?? []).map((s) => s.name).join(", ");
      throw scimErrors.invalidValue(`'${label}' has no sub-attribute '${key}'. Its sub-attributes are: ${allowed}.`);
    }
    // A read-only sub-attribute in a value is an echo of what we returned: ignored as in PUT.
    if (sub.mutability === "readOnly") continue;
    setOrDelete(holder, sub.name, normalizeAttributeValue(sub, raw, `${label}.${sub.name}`));
  }
}

/** `undefined` (removed, or null normalised away) deletes the key; anything else sets it. */
function setOrDelete(target: Record<string, unknown>, key: string, value: unknown): void {
  if (value === undefined) delete target[key];
  else target[key] = value;
}

/** A complex attribute's sub-attributes; one left with none is removed (RFC 7643 §2.5: unassigned). */
function holderOf(container: Record<string, unknown>, attr: AttributeDef): Record<string, unknown> {
  const current = container[attr.name];
  return isPlainObject(current) ? current : {};
}

function storeHolder(container: Record<string, unknown>, attr: AttributeDef, holder: Record<string, unknown>): void {
  setOrDelete(container, attr.name, Object.keys(holder).length === 0 ? undefined : holder);
}

function applyComplex(
  container: Record<string, unknown>,
  attr: AttributeDef,
  op: PatchOpName,
  value: unknown,
  label: string,
): void {
  if (op === "remove" || value === null) {
    clearAttribute(container, attr, label);
    return;
  }
  // Entra ID sends the single-valued manager as a one-element array
  // (fixtures/patch/entra-manager-array.json).
  const single = Array.isArray(value) && value.length === 1 ? value[0] : value;
  const object = complexFromBare(attr, single);
  if (!isPlainObject(object)) {
    throw scimErrors.invalidValue(`'${label}' must be an object with sub-attributes; got ${short(value)}.`);
  }
  const holder = holderOf(container, attr);
  mergeInto(holder, attr, object, label);
  storeHolder(container, attr, holder);
}

function applySubOfComplex(
  container: Record<string, unknown>,
  attr: AttributeDef,
  sub: AttributeDef,
  op: PatchOpName,
  value: unknown,
  label: string,
): void {
  const holder = holderOf(container, attr);
  setOrDelete(holder, sub.name, op === "remove" ? undefined : normalizeAttributeValue(sub, value, label));
  storeHolder(container, attr, holder);
}

/** A multi-valued value as a list: one value given bare counts as a list of one. */
function asList(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  return value === null || value === undefined ? [] : [value];
}

function normalizeElements(attr: AttributeDef, value: unknown, label: string): unknown[] {
  const list = asList(value);
  // Before the values are compared with each other (quadratic): a 20,000-value add took 27 s.
  assertValueCount(list.length, MAX_MULTI_VALUES, label);
  return list.map((element, i) => {
    const at = Array.isArray(value) ? `${label}[${i}]` : label;
    if (element === null || element === undefined) {
      throw scimErrors.invalidValue(`'${at}' is null; leave it out instead.`);
    }
    const normalized = normalizeSingleValue(attr, element, at);
    if (normalized === undefined) {
      throw scimErrors.invalidValue(`'${at}' is empty; give at least one sub-attribute.`);
    }
    return normalized;
  });
}

/** Equality of two values of `def` with caseExact honoured (RFC 7643 §2.2). */
function sameValue(def: AttributeDef, a: unknown, b: unknown): boolean {
  if (def.type === "complex" && isPlainObject(a) && isPlainObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const key of keys) {
      const sub = findSubAttribute(def, key);
      if (!sub) return false;
      if (!sameValue(sub, a[key], b[key])) return false;
    }
    return true;
  }
  if (typeof a === "string" && typeof b === "string" && !def.caseExact) {
    return a.toLowerCase() === b.toLowerCase();
  }
  return a === b;
}

/** `remove` with a value: does `element` match the given `item` on every sub-attribute it names? */
function matchesItem(attr: AttributeDef, element: unknown, item: unknown): boolean {
  if (attr.type !== "complex" || !isPlainObject(item) || !isPlainObject(element)) {
    return sameValue(attr, element, item);
  }
  return Object.entries(item).every(([key, v]) => {
    const sub = findSubAttribute(attr, key);
    return sub !== undefined && sameValue(sub, element[sub.name], v);
  });
}

/**
 * RFC 7644 §3.5.2: "a PATCH operation that sets a value's 'primary' sub-attribute to
 * 'true' SHALL cause the server to automatically set 'primary' to 'false' for any other
 * values in the array." Two values made primary by one operation are an error.
 */
function settlePrimary(attr: AttributeDef, list: unknown[], touched: Set<unknown>, label: string) {
  if (!findSubAttribute(attr, "primary")) return;
  const isPrimary = (e: unknown) => isPlainObject(e) && e.primary === true;
  const newPrimaries = list.filter((e) => touched.has(e) && isPrimary(e));
  if (newPrimaries.length > 1) {
    throw scimErrors.invalidValue(
      `This operation makes ${newPrimaries.length} values of '${label}' primary; at most one may be (RFC 7643 §2.4).`,
    );
  }
  if (newPrimaries.length === 1) {
    for (const e of list) {
      if (e !== newPrimaries[0] && isPrimary(e)) (e as Record<string, unknown>).primary = false;
    }
  }
}

function store(container: Record<string, unknown>, attr: AttributeDef, list: unknown[]) {
  // Each operation's result, not only the final one: many small adds grow the list too.
  assertValueCount(list.length, MAX_MULTI_VALUES, attr.name);
  setOrDelete(container, attr.name, list.length === 0 ? undefined : list);
}

/** `remove` (or a null value) of a whole attribute; a required one cannot go (§3.5.2.2). */
function clearAttribute(container: Record<string, unknown>, attr: AttributeDef, label: string): void {
  if (attr.required) throw requiredGone(label);
  delete container[attr.name];
}

function applyMultiValued(
  container: Record<string, unknown>,
  attr: AttributeDef,
  op: PatchOpName,
  value: unknown,
  hasValue: boolean,
  label: string,
): void {
  const current = Array.isArray(container[attr.name]) ? [...(container[attr.name] as unknown[])] : [];
  if (op === "remove") {
    if (!hasValue || value === null) {
      clearAttribute(container, attr, label);
      return;
    }
    // Entra's shape: remove just the values listed (fixtures/patch/entra-remove-members-value-list.json).
    const items = normalizeElements(attr, value, label);
    store(container, attr, current.filter((e) => !items.some((item) => matchesItem(attr, e, item))));
    return;
  }
  const items = normalizeElements(attr, value, label);
  const touched = new Set<unknown>();
  let next: unknown[];
  if (op === "replace") {
    next = [];
    for (const item of items) {
      if (!next.some((e) => sameValue(attr, e, item))) next.push(item);
    }
    next.forEach((e) => touched.add(e));
  } else {
    // §3.5.2.1: a value already there is not added again.
    next = current;
    for (const item of items) {
      if (next.some((e) => sameValue(attr, e, item))) continue;
      next.push(item);
      touched.add(item);
    }
  }
  if (next.length === 0 && attr.required) throw requiredGone(label);
  settlePrimary(attr, next, touched, label);
  store(container, attr, next);
}

/** Errors in a value filter of a PATCH path are path errors (RFC 7644 §3.5.2: invalidPath). */
function asPathError<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof ScimError && error.scimType === "invalidFilter") {
      throw new ScimError(400, error.detail, "invalidPath");
    }
    throw error;
  }
}

/** Resolves every name in `filter` as a sub-attribute of `attr` and checks its literals. */
function validateValueFilter(rt: ResourceTypeDef, attr: AttributeDef, filter: Filter): void {
  asPathError(() => {
    const walk = (f: Filter): void => {
      switch (f.kind) {
        case "and":
        case "or":
          walk(f.left);
          walk(f.right);
          return;
        case "not":
          walk(f.filter);
          return;
        case "present":
          resolveElementPath(rt, attr, f.path);
          return;
        case "compare":
          coerceOperand(resolveElementPath(rt, attr, f.path), f.op, f.value);
          return;
        case "valuePath":
          throw scimErrors.invalidPath(`A value filter cannot be nested inside the value filter of '${attr.name}'.`);
      }
    };
    walk(filter);
  });
}

/**
 * The element an `eq` filter describes (`type eq "work"` → {type: "work"}), for creating
 * it when nothing matches; undefined when the filter is not a plain `eq` / `and` of `eq`.
 */
function seedFromFilter(attr: AttributeDef, filter: Filter): Record<string, unknown> | undefined {
  if (filter.kind === "and") {
    const left = seedFromFilter(attr, filter.left);
    const right = seedFromFilter(attr, filter.right);
    if (!left || !right) return undefined;
    for (const key of Object.keys(right)) {
      if (Object.hasOwn(left, key) && left[key] !== right[key]) return undefined;
    }
    return { ...left, ...right };
  }
  if (filter.kind !== "compare" || filter.op !== "eq" || filter.value === null) return undefined;
  if (filter.path.schema !== undefined || filter.path.sub !== undefined) return undefined;
  const sub = findSubAttribute(attr, filter.path.attr);
  if (!sub || sub.mutability === "readOnly") return undefined;
  const value = sub.type === "boolean" ? toBoolean(filter.value) : filter.value;
  if (value === undefined) return undefined;
  return { [sub.name]: value };
}

/** Operations on `attr[filter]`, `attr[filter].sub` and (filter undefined) `attr.sub`. */
function applyToElements(
  ctx: Ctx,
  op: PatchOpName,
  container: Record<string, unknown>,
  attr: AttributeDef,
  filter: Filter | undefined,
  sub: AttributeDef | undefined,
  value: unknown,
  hasValue: boolean,
  label: string,
): void {
  const list = Array.isArray(container[attr.name]) ? [...(container[attr.name] as unknown[])] : [];
  const matched = new Set(
    list.filter((e) => filter === undefined || asPathError(() => matchesValueFilter(ctx.rt, attr, filter, e))),
  );
  const target = sub ? `${label}.${sub.name}` : label;

  if (op === "remove") {
    // An element whose `value` is removed has nothing left to say (an email type without
    // an address); other sub-attributes are simply unassigned (§3.5.2.2).
    const dropWhole = !sub || (sub.name === "value" && findSubAttribute(attr, "value") !== undefined);
    const next = list.filter((e) => !(matched.has(e) && dropWhole));
    if (sub && !dropWhole) {
      for (const e of matched) delete (e as Record<string, unknown>)[sub.name];
    }
    store(container, attr, next.filter((e) => !isPlainObject(e) || Object.keys(e).length > 0));
    return;
  }
  if (hasValue && value === null) {
    // replace/add of null: the target becomes unassigned (RFC 7643 §2.5).
    applyToElements(ctx, "remove", container, attr, filter, sub, undefined, false, label);
    return;
  }

  const touched = new Set<unknown>();
  if (matched.size === 0) {
    const seed = filter ? seedFromFilter(attr, filter) : undefined;
    // §3.5.2.3: replace with a filter that matches nothing is noTarget, unless the
    // attribute has no values at all (then it "does not exist" and replace is an add).
    if (!seed || (op === "replace" && list.length > 0)) {
      throw scimErrors.noTarget(
        filter
          ? `No value of '${attr.name}' matches the filter [${describeFilter(filter)}] (RFC 7644 §3.5.2.3).`
          : `'${attr.name}' has no values whose '${sub?.name ?? ""}' could be set.`,
      );
    }
    const raw = sub ? { ...seed, [sub.name]: value } : { ...seed, ...asObject(value, target) };
    const created = normalizeSingleValue(attr, raw, target);
    list.push(created);
    touched.add(created);
  } else {
    const next = list.map((e) => {
      if (!matched.has(e)) return e;
      const element = { ...(e as Record<string, unknown>) };
      if (sub) {
        const v = normalizeAttributeValue(sub, value, target);
        if (v === undefined) delete element[sub.name];
        else element[sub.name] = v;
      } else if (op === "replace") {
        // "all matching record values SHALL be replaced" (§3.5.2.3).
        const replaced = normalizeSingleValue(attr, asObject(value, target), target);
        touched.add(replaced);
        return replaced;
      } else {
        mergeInto(element, attr, asObject(value, target), target);
      }
      touched.add(element);
      return element;
    });
    list.splice(0, list.length, ...next);
  }
  settlePrimary(attr, list, touched, label);
  store(container, attr, list);
}

function asObject(value: unknown, label: string): Record<string, unknown> {
  if (!isPlainObject(value)) {
    throw scimErrors.invalidValue(`'${label}' takes an object with sub-attributes; got ${short(value)}.`);
  }
  return value;
}

function describeFilter(filter: Filter): string {
  switch (filter.kind) {
    case "compare":
      return `${pathText(filter.path)} ${filter.op} ${JSON.stringify(filter.value)}`;
    case "present":
      return `${pathText(filter.path)} pr`;
    case "and":
    case "or":
      return `${describeFilter(filter.left)} ${filter.kind} ${describeFilter(filter.right)}`;
    case "not":
      return `not (${describeFilter(filter.filter)})`;
    case "valuePath":
      return `${pathText(filter.path)}[${describeFilter(filter.filter)}]`;
  }
}

// ---------------------------------------------------------------------------------------
// Group members: translated to MemberOps, never materialised

/** `value eq "a"` or `value eq "a" or value eq "b"` → ["a", "b"]; else undefined. */
function idsFromFilter(filter: Filter): string[] | undefined {
  if (filter.kind === "or") {
    const left = idsFromFilter(filter.left);
    const right = idsFromFilter(filter.right);
    return left && right ? [...new Set([...left, ...right])] : undefined;
  }
  if (
    filter.kind === "compare" &&
    filter.op === "eq" &&
    typeof filter.value === "string" &&
    filter.path.schema === undefined &&
    filter.path.sub === undefined &&
    filter.path.attr.toLowerCase() === "value"
  ) {
    return [filter.value];
  }
  return undefined;
}

function applyMembers(
  ctx: Ctx,
  op: PatchOpName,
  resolved: ResolvedAttribute,
  filter: Filter | undefined,
  subAttrName: string | undefined,
  value: unknown,
  hasValue: boolean,
): void {
  if (resolved.subAttribute || subAttrName !== undefined) {
    throw scimErrors.mutability(
      `A member's sub-attributes cannot be changed; add or remove the member instead (path "members" or "members[value eq \\"<id>\\"]").`,
    );
  }
  if (filter !== undefined) {
    validateValueFilter(ctx.rt, resolved.attribute, filter);
    if (op !== "remove") {
      throw scimErrors.mutability(
        `Members cannot be ${op === "add" ? "added" : "replaced"} through a value filter: use {"op": "add", "path": "members", "value": [{"value": "<user id>"}]} and remove the old member by its id.`,
      );
    }
    const ids = idsFromFilter(filter);
    ctx.memberOps.push(ids ? { kind: "remove", ids } : { kind: "removeWhere", filter });
    return;
  }
  if (op === "remove") {
    if (!hasValue || value === null) {
      ctx.memberOps.push({ kind: "removeAll" });
      return;
    }
    // Entra: remove just the listed members (fixtures/patch/entra-remove-members-value-list.json).
    assertValueCount(asList(value).length, MAX_MEMBERS_PER_REQUEST, "members");
    const ids = memberIds(asList(value), "members");
    if (ids.length > 0) ctx.memberOps.push({ kind: "remove", ids });
    return;
  }
  assertValueCount(asList(value).length, MAX_MEMBERS_PER_REQUEST, "members");
  const ids = memberIds(asList(value), "members");
  if (op === "replace") ctx.memberOps.push({ kind: "removeAll" });
  if (ids.length > 0) ctx.memberOps.push({ kind: "add", ids });
}

// ---------------------------------------------------------------------------------------

/** Unassigned values (RFC 7643 §2.5) leave no trace: no empty objects or arrays. */
function pruneEmpty(res: Record<string, unknown>, rt: ResourceTypeDef): void {
  const prune = (holder: Record<string, unknown>) => {
    for (const [key, v] of Object.entries(holder)) {
      if (v === null || v === undefined) delete holder[key];
      else if (Array.isArray(v) && v.length === 0) delete holder[key];
      else if (isPlainObject(v) && Object.keys(v).length === 0) delete holder[key];
    }
  };
  for (const ext of rt.extensions) {
    const holder = res[ext.schema.id];
    if (isPlainObject(holder)) prune(holder);
  }
  prune(res);
}

/** JSON with sorted keys, to compare resources whatever their key order. */
function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    isPlainObject(v)
      ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]]))
      : v,
  );
}
