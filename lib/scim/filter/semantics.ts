/**
 * What a filter's attribute paths and literals mean, shared by the in-memory evaluator and
 * the SQL compiler so the two never disagree: name resolution against the schema defs
 * (case-insensitive, RFC 7643 §2.1), which def's `type`/`caseExact` govern a comparison,
 * and how a literal is coerced for that type (RFC 7644 §3.4.2.2).
 */
import { scimErrors } from "@/lib/scim/errors";
import {
  findSubAttribute,
  resolveAttribute,
  type AttributeDef,
  type ResourceTypeDef,
} from "@/lib/scim/schemas";
import { SCHEMA_URNS } from "@/lib/users/schema-urns";
import type { AttrPath, CompareOp, CompValue } from "./ast";

export function pathText(path: AttrPath): string {
  const base = path.sub !== undefined ? `${path.attr}.${path.sub}` : path.attr;
  return path.schema !== undefined ? `${path.schema}:${base}` : base;
}

/** `schemas` is on every resource (RFC 7643 §3) but in no schema's attribute list. */
export const SCHEMAS_ATTRIBUTE: AttributeDef = {
  name: "schemas",
  type: "reference",
  multiValued: true,
  description: "The schemas of the resource.",
  required: true,
  caseExact: false,
  mutability: "readOnly",
  returned: "always",
  uniqueness: "none",
};

export interface FilterTarget {
  /** The attribute named first in the path (in an element context: the sub-attribute). */
  attribute: AttributeDef;
  /** The sub-attribute named after the dot. */
  sub?: AttributeDef;
  /** Set when the attribute lives in an extension: its JSON sits under this key. */
  extensionUrn?: string;
  /**
   * The def whose type and caseExact govern comparisons: the sub-attribute, else the
   * `value` sub-attribute of a multi-valued complex attribute named bare (`emails co "x"`
   * means `emails.value co "x"`), else the attribute itself.
   */
  leaf: AttributeDef;
  /** True when `leaf` is the implied `value` sub-attribute. */
  impliedValue: boolean;
  /** The canonical path, for messages. */
  text: string;
}

function target(
  attribute: AttributeDef,
  sub: AttributeDef | undefined,
  extensionUrn: string | undefined,
  text: string,
): FilterTarget {
  let leaf = sub ?? attribute;
  let impliedValue = false;
  if (!sub && attribute.type === "complex" && attribute.multiValued) {
    const value = findSubAttribute(attribute, "value");
    if (value) {
      leaf = value;
      impliedValue = true;
    }
  }
  return {
    attribute,
    ...(sub ? { sub } : {}),
    ...(extensionUrn !== undefined ? { extensionUrn } : {}),
    leaf,
    impliedValue,
    text,
  };
}

function unknownAttribute(path: AttrPath, rt: ResourceTypeDef, parent?: AttributeDef) {
  const where = parent ? `a sub-attribute of '${parent.name}'` : `an attribute of ${rt.name}`;
  return scimErrors.invalidFilter(`Unknown attribute '${pathText(path)}' in the filter: it is not ${where}.`);
}

// Filters name few distinct attributes; resolution is cached (bounded) for the hot path.
const resolvedByType = new WeakMap<ResourceTypeDef, Map<string, FilterTarget>>();

/** Resolves a filter path at resource level. Throws invalidFilter naming an unknown attribute. */
export function resolveFilterPath(rt: ResourceTypeDef, path: AttrPath): FilterTarget {
  let resolved = resolvedByType.get(rt);
  if (!resolved) {
    resolved = new Map();
    resolvedByType.set(rt, resolved);
  }
  const key = `${path.schema ?? ""}\u0000${path.attr}\u0000${path.sub ?? ""}`;
  const hit = resolved.get(key);
  if (hit) return hit;
  const t = resolveUncached(rt, path);
  if (resolved.size >= 500) resolved.clear();
  resolved.set(key, t);
  return t;
}

function resolveUncached(rt: ResourceTypeDef, path: AttrPath): FilterTarget {
  if (path.schema === undefined && path.sub === undefined && path.attr.toLowerCase() === "schemas") {
    return target(SCHEMAS_ATTRIBUTE, undefined, undefined, "schemas");
  }
  const r = resolveAttribute(rt, path.schema, path.attr, path.sub);
  if (!r) throw unknownAttribute(path, rt);
  const { attribute, subAttribute } = r;
  // A never-returned attribute (password) must not be probed through filters either.
  if (attribute.returned === "never" || subAttribute?.returned === "never") {
    throw scimErrors.invalidFilter(`'${pathText(path)}' cannot be used in a filter: it is never returned.`);
  }
  const urn = r.extension ? r.schema?.id : undefined;
  const base = subAttribute ? `${attribute.name}.${subAttribute.name}` : attribute.name;
  return target(attribute, subAttribute, urn, urn !== undefined ? `${urn}:${base}` : base);
}

/**
 * Resolves a path inside a value filter (`emails[type eq "work"]`): names are
 * sub-attributes of `parent`. For a multi-valued attribute of simple values, `value`
 * names the element itself.
 */
export function resolveElementPath(
  rt: ResourceTypeDef,
  parent: AttributeDef,
  path: AttrPath,
): FilterTarget {
  if (path.schema !== undefined || path.sub !== undefined) {
    throw scimErrors.invalidFilter(
      `'${pathText(path)}' cannot be used inside the value filter of '${parent.name}': name one of its sub-attributes, e.g. 'value'.`,
    );
  }
  if (!parent.subAttributes) {
    if (path.attr.toLowerCase() === "value") {
      const self = { ...parent, multiValued: false, name: "value" };
      return target(self, undefined, undefined, `${parent.name}.value`);
    }
    throw unknownAttribute(path, rt, parent);
  }
  const sub = findSubAttribute(parent, path.attr);
  if (!sub) throw unknownAttribute(path, rt, parent);
  return target(sub, undefined, undefined, `${parent.name}.${sub.name}`);
}

/** A filter literal coerced for the type of the attribute it is compared with. */
export type Operand =
  | { kind: "string"; value: string }
  | { kind: "number"; value: number }
  | { kind: "boolean"; value: boolean }
  /** dateTime as milliseconds since the epoch. */
  | { kind: "instant"; value: number }
  /** `eq null` / `ne null`: absence / presence (RFC 7644 §3.4.2.2 allows a null literal). */
  | { kind: "null" };

const ORDERING_OPS: ReadonlySet<CompareOp> = new Set(["gt", "ge", "lt", "le"]);
const SUBSTRING_OPS: ReadonlySet<CompareOp> = new Set(["co", "sw", "ew"]);

// RFC 3339 §5.6 date-time, plus a bare full-date; the offset is optional and taken as UTC.
const DATE_TIME =
  /^(\d{4}-\d{2}-\d{2})(?:[Tt ](\d{2}:\d{2}(?::\d{2})?)(\.\d+)?([Zz]|[+-]\d{2}:?\d{2})?)?$/;

/** Parses an RFC 3339 date-time to epoch ms; undefined when it is not one. */
export function parseDateTime(text: string): number | undefined {
  const m = DATE_TIME.exec(text.trim());
  if (!m) return undefined;
  const [, date, time, fraction, offset] = m;
  // Date.parse reads a zone-less date-time as local time; SCIM times are UTC (RFC 7643 §2.3.5).
  const iso = time
    ? `${date}T${time.length === 5 ? `${time}:00` : time}${fraction ? fraction.slice(0, 4).padEnd(4, "0") : ""}${
        offset ? (offset.toUpperCase() === "Z" ? "Z" : offset.includes(":") ? offset : `${offset.slice(0, 3)}:${offset.slice(3)}`) : "Z"
      }`
    : `${date}T00:00:00Z`;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * Checks that `op` applies to the attribute's type and coerces the literal. Throws
 * invalidFilter naming the attribute. String operands are lower-cased (JS
 * `toLowerCase`, the same folding as the SQL function `scim_lower`) unless caseExact.
 */
export function coerceOperand(t: FilterTarget, op: CompareOp, value: CompValue): Operand {
  const leaf = t.leaf;
  const name = t.text;
  if (value === null) {
    if (op === "eq" || op === "ne") return { kind: "null" };
    throw scimErrors.invalidFilter(`'${name} ${op} null' is not a valid comparison: only 'eq null' and 'ne null' are.`);
  }
  switch (leaf.type) {
    case "complex":
      throw scimErrors.invalidFilter(
        `'${name}' is a complex attribute: compare one of its sub-attributes, e.g. '${name}.${leaf.subAttributes?.[0]?.name ?? "value"}'.`,
      );
    case "boolean": {
      if (ORDERING_OPS.has(op) || SUBSTRING_OPS.has(op)) {
        throw scimErrors.invalidFilter(`'${op}' cannot be applied to the boolean attribute '${name}': use 'eq' or 'ne'.`);
      }
      // Entra ID sends booleans as the strings "True"/"False" (see the PATCH fixtures).
      if (typeof value === "string" && /^(true|false)$/i.test(value)) {
        return { kind: "boolean", value: value.toLowerCase() === "true" };
      }
      if (typeof value !== "boolean") {
        throw scimErrors.invalidFilter(`'${name}' is a boolean: compare it with true or false, not ${JSON.stringify(value)}.`);
      }
      return { kind: "boolean", value };
    }
    case "dateTime": {
      if (SUBSTRING_OPS.has(op)) {
        throw scimErrors.invalidFilter(`'${op}' cannot be applied to the dateTime attribute '${name}': use eq, ne, gt, ge, lt or le.`);
      }
      const ms = typeof value === "string" ? parseDateTime(value) : undefined;
      if (ms === undefined) {
        throw scimErrors.invalidFilter(
          `'${name}' is a dateTime: compare it with an RFC 3339 date-time in double quotes, e.g. "2011-05-13T04:42:34Z", not ${JSON.stringify(value)}.`,
        );
      }
      return { kind: "instant", value: ms };
    }
    case "integer":
    case "decimal": {
      if (SUBSTRING_OPS.has(op)) {
        throw scimErrors.invalidFilter(`'${op}' cannot be applied to the numeric attribute '${name}'.`);
      }
      const n = typeof value === "number" ? value : typeof value === "string" ? Number(value) : Number.NaN;
      if (typeof value === "boolean" || Number.isNaN(n) || (typeof value === "string" && value.trim() === "")) {
        throw scimErrors.invalidFilter(`'${name}' is a number: compare it with a number, not ${JSON.stringify(value)}.`);
      }
      return { kind: "number", value: n };
    }
    default: {
      // string, reference, binary. A bare number or boolean is read as its text: clients
      // sometimes send `employeeNumber eq 42`, and refusing it helps nobody.
      const s = String(value);
      return { kind: "string", value: leaf.caseExact ? s : s.toLowerCase() };
    }
  }
}

export function isOrderingOp(op: CompareOp): boolean {
  return ORDERING_OPS.has(op);
}

/** The core schema URN of a resource type, for `schemas eq "…"`. */
export function coreSchemaUrn(rt: ResourceTypeDef): string {
  return rt.name === "User" ? SCHEMA_URNS.user : SCHEMA_URNS.group;
}
