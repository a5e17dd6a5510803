/**
 * In-memory evaluation of a parsed filter against a JSON object: the PATCH engine's value
 * filters (`members[value eq "…"]`, `emails[type eq "work"]`, RFC 7644 §3.5.2), evaluated
 * against each element of a multi-valued attribute. Listing never comes here: it compiles
 * to SQL (to-sql.ts). Same semantics as the SQL compiler (semantics.ts).
 */
import { ScimError } from "@/lib/scim/errors";
import type { AttributeDef, ResourceTypeDef } from "@/lib/scim/schemas";
import type { AttrPath, CompareOp, Filter } from "./ast";
import {
  coerceOperand,
  parseDateTime,
  resolveElementPath,
  resolveFilterPath,
  type FilterTarget,
  type Operand,
} from "./semantics";

/** Case-insensitive property lookup (RFC 7643 §2.1); the exact key is tried first. */
export function getAttributeCI(obj: unknown, name: string): unknown {
  if (obj === null || typeof obj !== "object" || Array.isArray(obj)) return undefined;
  const record = obj as Record<string, unknown>;
  if (Object.hasOwn(record, name)) return record[name];
  const lower = name.toLowerCase();
  for (const key of Object.keys(record)) {
    if (key.toLowerCase() === lower) return record[key];
  }
  return undefined;
}

function isPresent(value: unknown): boolean {
  if (value === null || value === undefined || value === "") return false;
  if (Array.isArray(value)) return value.some(isPresent);
  if (typeof value === "object") return Object.values(value).some(isPresent);
  return true;
}

interface Context {
  rt: ResourceTypeDef;
  /** Set inside a value filter: names are sub-attributes of this attribute. */
  parent: AttributeDef | undefined;
}

function resolve(ctx: Context, path: AttrPath): FilterTarget {
  if (ctx.parent) return resolveElementPath(ctx.rt, ctx.parent, path);
  try {
    return resolveFilterPath(ctx.rt, path);
  } catch (error) {
    // matchesFilter is also called with an element of a multi-valued attribute and no
    // parent (a PATCH value filter like `[type eq "work"]`). A bare name that is not a
    // resource attribute is then looked up among the multi-valued attributes' sub-attributes.
    if (!(error instanceof ScimError) || path.schema !== undefined || path.sub !== undefined) {
      throw error;
    }
    const lower = path.attr.toLowerCase();
    const parent = ctx.rt.schema.attributes.find(
      (a) => a.multiValued && a.subAttributes?.some((s) => s.name.toLowerCase() === lower),
    );
    if (!parent) throw error;
    return resolveElementPath(ctx.rt, parent, path);
  }
}

/** The values a path selects in `obj`, flattened over multi-valued attributes. */
function select(ctx: Context, t: FilterTarget, obj: unknown, impliedValue: boolean): unknown[] {
  if (ctx.parent && !ctx.parent.subAttributes) return [obj];
  const container = t.extensionUrn !== undefined ? getAttributeCI(obj, t.extensionUrn) : obj;
  const value = getAttributeCI(container, t.attribute.name);
  if (value === undefined || value === null) return [];
  const subName = t.sub?.name ?? (impliedValue && t.impliedValue ? "value" : undefined);
  const items = Array.isArray(value) ? value : [value];
  if (subName === undefined) return items;
  const out: unknown[] = [];
  for (const item of items) {
    const v = getAttributeCI(item, subName);
    if (v !== undefined && v !== null) out.push(v);
  }
  return out;
}

/**
 * Orders two strings by code point, as SQLite's BINARY collation orders UTF-8 and so the
 * SQL compiler does (RFC 7644 §3.4.2.2: a lexicographical comparison). JavaScript's `<`
 * compares UTF-16 code units, which would put U+E000..U+FFFF after every astral
 * character; the first differing unit decides, with surrogates moved above U+FFFF.
 */
function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) {
      const fold = (u: number) => (u >= 0xe000 ? u - 0x800 : u >= 0xd800 ? u + 0x2000 : u);
      return fold(x) - fold(y);
    }
  }
  return a.length - b.length;
}

function compareOne(actual: unknown, op: CompareOp, operand: Operand, caseExact: boolean): boolean {
  switch (operand.kind) {
    case "string": {
      if (actual === null || typeof actual === "object") return false;
      const raw = String(actual);
      const a = caseExact ? raw : raw.toLowerCase();
      const b = operand.value;
      switch (op) {
        case "eq":
          return a === b;
        case "ne":
          return a !== b;
        case "co":
          return a.includes(b);
        case "sw":
          return a.startsWith(b);
        case "ew":
          return a.endsWith(b);
        case "gt":
          return compareCodePoints(a, b) > 0;
        case "ge":
          return compareCodePoints(a, b) >= 0;
        case "lt":
          return compareCodePoints(a, b) < 0;
        case "le":
          return compareCodePoints(a, b) <= 0;
      }
      return false;
    }
    case "boolean": {
      const a =
        typeof actual === "boolean"
          ? actual
          : typeof actual === "string" && /^(true|false)$/i.test(actual)
            ? actual.toLowerCase() === "true"
            : undefined;
      if (a === undefined) return false;
      return op === "eq" ? a === operand.value : a !== operand.value;
    }
    case "instant":
    case "number": {
      const a =
        operand.kind === "instant"
          ? typeof actual === "string"
            ? parseDateTime(actual)
            : typeof actual === "number"
              ? actual
              : undefined
          : typeof actual === "number"
            ? actual
            : typeof actual === "string" && actual.trim() !== ""
              ? Number(actual)
              : undefined;
      if (a === undefined || Number.isNaN(a)) return false;
      const b = operand.value;
      switch (op) {
        case "eq":
          return a === b;
        case "ne":
          return a !== b;
        case "gt":
          return a > b;
        case "ge":
          return a >= b;
        case "lt":
          return a < b;
        case "le":
          return a <= b;
        default:
          return false;
      }
    }
    case "null":
      return false;
  }
}

function evaluate(ctx: Context, filter: Filter, obj: unknown): boolean {
  switch (filter.kind) {
    case "and":
      return evaluate(ctx, filter.left, obj) && evaluate(ctx, filter.right, obj);
    case "or":
      return evaluate(ctx, filter.left, obj) || evaluate(ctx, filter.right, obj);
    case "not":
      return !evaluate(ctx, filter.filter, obj);
    case "present": {
      const t = resolve(ctx, filter.path);
      return select(ctx, t, obj, false).some(isPresent);
    }
    case "compare": {
      const t = resolve(ctx, filter.path);
      const operand = coerceOperand(t, filter.op, filter.value);
      if (operand.kind === "null") {
        const present = select(ctx, t, obj, true).some(isPresent);
        return filter.op === "eq" ? !present : present;
      }
      const values = select(ctx, t, obj, true);
      // `ne` is "not eq": a missing attribute is not equal, and a multi-valued attribute
      // is "ne x" only when none of its values equals x (the SQL compiler agrees).
      if (filter.op === "ne") {
        return !values.some((v) => compareOne(v, "eq", operand, t.leaf.caseExact));
      }
      return values.some((v) => compareOne(v, filter.op, operand, t.leaf.caseExact));
    }
    case "valuePath": {
      if (ctx.parent) return evaluate(ctx, filter.filter, obj);
      const t = resolve(ctx, filter.path);
      const container = t.extensionUrn !== undefined ? getAttributeCI(obj, t.extensionUrn) : obj;
      const value = getAttributeCI(container, t.attribute.name);
      if (value === undefined || value === null) return false;
      const inner: Context = { rt: ctx.rt, parent: t.attribute };
      const items = Array.isArray(value) ? value : [value];
      return items.some((item) => evaluate(inner, filter.filter, item));
    }
  }
}

/**
 * Evaluates `filter` against `element`: a whole resource, or one element of a
 * multi-valued attribute (a PATCH value filter such as `[type eq "work"]`; names that are
 * not resource attributes are then resolved as sub-attributes). Pass `parent` (or use
 * `matchesValueFilter`) to resolve names strictly as sub-attributes of that attribute.
 * Throws `scimErrors.invalidFilter` for an unknown attribute or an operator that does
 * not apply to the attribute's type (e.g. `gt` on a boolean).
 */
export function matchesFilter(
  rt: ResourceTypeDef,
  filter: Filter,
  element: Record<string, unknown>,
  parent?: AttributeDef,
): boolean {
  return evaluate({ rt, parent }, filter, element);
}

/**
 * Evaluates the value filter of `parentAttr[filter]` against one element of the
 * multi-valued `parentAttr` (e.g. `members[value eq "…"]` against one member). Names in
 * the filter are sub-attributes of `parentAttr`, whose defs give caseExact and type.
 */
export function matchesValueFilter(
  rt: ResourceTypeDef,
  parentAttr: AttributeDef,
  filter: Filter,
  element: unknown,
): boolean {
  return evaluate({ rt, parent: parentAttr }, filter, element);
}
