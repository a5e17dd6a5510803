/**
 * Compiles a parsed SCIM filter (RFC 7644 §3.4.2.2) into a parameterised SQLite WHERE
 * fragment over the `users` / `groups` tables, and `sortBy` (§3.4.2.3) into an ORDER BY.
 * Nothing is ever loaded into memory: the database does the filtering, and the hot
 * filters (`userName`, `externalId`, `emails.value`, `id`, group `displayName`,
 * `members.value`) compile to shapes that SQLite answers from an index.
 *
 * The storage mapping (the contract with lib/scim/users and lib/scim/groups):
 * - attributes with a column are compared on the column; `*_norm` columns hold the
 *   lower-cased value, so a case-insensitive `eq` is `col = lower(literal)` and uses its
 *   index; other case-insensitive columns are folded with `scim_lower` (db/client.ts);
 * - every other User attribute is read from the JSON column `users.resource`, stored with
 *   canonical attribute names and extensions under their URN; multi-valued attributes
 *   are JSON arrays, filtered with `EXISTS (SELECT 1 FROM json_each(…))`.
 *
 * Three-valued logic: a missing attribute makes a comparison NULL in SQL but "false" in
 * SCIM (a missing attribute is not equal to anything). Comparisons stay bare so SQLite can
 * use indexes, and every negation is written `NOT coalesce(x, 0)`, which gives the
 * two-valued answer because and/or are monotone in their operands.
 *
 * The SQL text depends only on the filter's shape (literals are parameters; JSON paths
 * come from the schema defs, never from the request), so callers can cache prepared
 * statements by SQL text.
 */
import type { SqlParam } from "@/db/client";
import { scimErrors } from "@/lib/scim/errors";
import {
  findSubAttribute,
  RESOURCE_TYPES,
  resolveAttributePath,
  type AttributeDef,
  type ResourceTypeDef,
} from "@/lib/scim/schemas";
import { SCHEMA_URNS } from "@/lib/users/schema-urns";
import { identityNorm } from "@/lib/users/email-address";
import type { CompareOp, Filter } from "./ast";
import {
  coerceOperand,
  resolveElementPath,
  resolveFilterPath,
  SCHEMAS_ATTRIBUTE,
  type FilterTarget,
  type Operand,
} from "./semantics";

export interface CompiledFilter {
  /** A boolean SQL expression over `users` or `groups`, with `?` placeholders. */
  sql: string;
  params: SqlParam[];
}

type ResourceName = "User" | "Group";

/** A single SQL value that a comparison applies to. */
interface Scalar {
  expr: string;
  type: "string" | "ms" | "dateTimeText" | "number" | "boolean";
  caseExact: boolean;
  /**
   * How a case-insensitive comparison folds the column: "stored" when it already holds
   * lower-cased text (the *_norm columns, server-assigned ids), "sql" to wrap it in
   * scim_lower(). The literal is lower-cased in JS either way (semantics.ts).
   */
  fold: "stored" | "sql";
  /** A bare text column with an index: `sw` becomes a range the index can answer. */
  range?: boolean;
  /**
   * The column holds identityNorm (lib/users/email-address.ts), so an `eq` literal is
   * normalised the same way: `userName eq "ada@ACME.test."` finds `ada@acme.test`.
   */
  identity?: boolean;
}

/** Where the values of an attribute come from. */
type Source =
  | { kind: "scalar"; s: Scalar }
  /** A multi-valued attribute: true when some element's leaf satisfies the condition. */
  | {
      kind: "each";
      s: Scalar;
      open: (cond: string) => string;
      /** Presence of the attribute, when it is not "some element has a present leaf". */
      present?: string;
      /** An indexed `IN (…)` form for `eq` on the leaf, with one `?`. */
      eqIn?: string;
    }
  /** A complex single-valued attribute: only `pr` applies. */
  | { kind: "object"; present: string }
  | { kind: "active" }
  | { kind: "schemas" }
  | { kind: "constant"; s: Scalar };

/** Inside a value filter (`emails[type eq "work"]`): the element's sub-attributes. */
interface ElementContext {
  parent: AttributeDef;
  sub: (def: AttributeDef) => Scalar;
}

const ID_ORDER: Record<ResourceName, string> = { User: "users.id", Group: "groups.id" };

function jsonPath(...keys: string[]): string {
  // Names come from the schema defs (letters, digits, '$', ':' and '.' in URNs): quoting
  // each key makes the URN's dots and colons literal.
  return `'$${keys.map((k) => `."${k}"`).join("")}'`;
}

function scalarType(def: AttributeDef, column: boolean): Scalar["type"] {
  switch (def.type) {
    case "boolean":
      return "boolean";
    case "integer":
    case "decimal":
      return "number";
    case "dateTime":
      return column ? "ms" : "dateTimeText";
    default:
      return "string";
  }
}

/** Length in characters as SQLite counts them (code points), for substr(). */
function charLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

const not = (cond: string): string => `NOT coalesce(${cond}, 0)`;

/**
 * The least string above every string that starts with `v`, by code point: `v` with its
 * last code point below U+10FFFF raised by one (and what follows dropped). Not `v` +
 * U+10FFFF, which strings starting `v` + U+10FFFF sort after (property test). Undefined
 * when `v` is all U+10FFFF: nothing above then.
 */
function nextPrefix(v: string): string | undefined {
  const cps = Array.from(v);
  while (cps.length > 0) {
    const last = cps.pop()!.codePointAt(0)!;
    // Surrogate code points never occur in strings: after U+D7FF comes U+E000.
    if (last < 0x10ffff) return cps.join("") + String.fromCodePoint(last === 0xd7ff ? 0xe000 : last + 1);
  }
  return undefined;
}

class Compiler {
  readonly params: SqlParam[] = [];
  private aliases = 0;

  constructor(
    readonly resource: ResourceName,
    readonly rt: ResourceTypeDef,
  ) {}

  param(value: unknown): string {
    // better-sqlite3 binds no booleans; SQLite and JSON booleans are 1/0.
    this.params.push(typeof value === "boolean" ? (value ? 1 : 0) : (value as SqlParam));
    return "?";
  }

  alias(prefix: string): string {
    this.aliases += 1;
    return `${prefix}${this.aliases}`;
  }

  compile(filter: Filter, ctx?: ElementContext): string {
    switch (filter.kind) {
      case "and":
        return `(${this.compile(filter.left, ctx)} AND ${this.compile(filter.right, ctx)})`;
      case "or":
        return `(${this.compile(filter.left, ctx)} OR ${this.compile(filter.right, ctx)})`;
      case "not":
        return not(this.compile(filter.filter, ctx));
      case "present":
      case "compare": {
        if (ctx) {
          const t = resolveElementPath(this.rt, ctx.parent, filter.path);
          const s = ctx.sub(t.attribute);
          return filter.kind === "present"
            ? present(s)
            : this.compareScalar(s, filter.op, coerceOperand(t, filter.op, filter.value));
        }
        const t = resolveFilterPath(this.rt, filter.path);
        const source = this.source(t);
        return filter.kind === "present"
          ? this.presentOf(source)
          : this.compareSource(source, t, filter.op, filter.value);
      }
      case "valuePath":
        if (ctx) {
          throw scimErrors.invalidFilter("Value filters cannot be nested inside another value filter.");
        }
        return this.valuePath(filter.path, filter.filter);
    }
  }

  // ---- leaves -------------------------------------------------------------------------

  presentOf(source: Source): string {
    switch (source.kind) {
      case "scalar":
        return present(source.s);
      case "each":
        return source.present ?? source.open(present(source.s));
      case "object":
        return source.present;
      case "active":
      case "schemas":
      case "constant":
        return "1";
    }
  }

  compareSource(
    source: Source,
    t: FilterTarget,
    op: CompareOp,
    value: Parameters<typeof coerceOperand>[2],
  ): string {
    if (source.kind === "schemas") return this.schemas(op, value);
    const operand = coerceOperand(t, op, value);
    if (operand.kind === "null") {
      const p = this.presentOf(source);
      return op === "eq" ? not(p) : p;
    }
    switch (source.kind) {
      case "scalar":
      case "constant":
        return this.compareScalar(source.s, op, operand);
      case "each": {
        const eq = () =>
          // The indexed forms hold no empty values: "" is compared on the elements.
          source.eqIn !== undefined && operand.kind === "string" && operand.value !== ""
            ? source.eqIn.replace("?", this.param(operand.value))
            : source.open(this.compareScalar(source.s, "eq", operand));
        // `ne` is "not eq": no element equals the literal (a missing attribute included).
        if (op === "ne") return not(eq());
        if (op === "eq") return eq();
        return source.open(this.compareScalar(source.s, op, operand));
      }
      case "active": {
        // active is the status column (docs/product.md §3); coerceOperand allowed only eq/ne.
        const isActive = operand.kind === "boolean" && operand.value;
        const cond = isActive ? "users.status = 'active'" : "users.status <> 'active'";
        return op === "ne" ? not(cond) : cond;
      }
      case "object":
        // coerceOperand rejects comparisons with a complex attribute before we get here.
        throw scimErrors.invalidFilter(`'${t.text}' is a complex attribute: compare one of its sub-attributes.`);
    }
  }

  compareScalar(s: Scalar, op: CompareOp, operand: Operand): string {
    if (op === "ne") return not(this.compareScalar(s, "eq", operand));
    if (operand.kind === "null") {
      return op === "eq" ? not(present(s)) : present(s);
    }
    const x = s.type === "string" && !s.caseExact && s.fold === "sql" ? `scim_lower(${s.expr})` : s.expr;
    const sqlOp = { eq: "=", gt: ">", ge: ">=", lt: "<", le: "<=" } as Record<string, string>;
    switch (operand.kind) {
      case "string": {
        const v = operand.value;
        switch (op) {
          case "co":
            if (v === "") return `${s.expr} IS NOT NULL`;
            return `instr(${x}, ${this.param(v)}) > 0`;
          case "sw":
            if (v === "") return `${s.expr} IS NOT NULL`;
            if (s.range) {
              // Every string that starts with v sorts in [v, the next prefix) by code point
              // (BINARY collation on UTF-8), so the column's index answers it.
              const upper = nextPrefix(v);
              // Only a literal of U+10FFFF alone has no bound (and its own SQL text).
              if (upper === undefined) return `${x} >= ${this.param(v)}`;
              return `(${x} >= ${this.param(v)} AND ${x} < ${this.param(upper)})`;
            }
            return `substr(${x}, 1, ${charLength(v)}) = ${this.param(v)}`;
          case "ew":
            if (v === "") return `${s.expr} IS NOT NULL`;
            return `substr(${x}, -${charLength(v)}) = ${this.param(v)}`;
          default:
            if (op === "eq" && s.identity) return `${x} = ${this.param(identityNorm(v))}`;
            // Lexicographic by code point (RFC 7644 §3.4.2.2 "gt": string compare).
            return `${x} ${sqlOp[op]} ${this.param(v)}`;
        }
      }
      case "boolean":
        return `${x} = ${this.param(operand.value)}`;
      case "number":
        return `${x} ${sqlOp[op]} ${this.param(operand.value)}`;
      case "instant":
        if (s.type === "ms") return `${x} ${sqlOp[op]} ${this.param(operand.value)}`;
        // A dateTime held as RFC 3339 text in the JSON: compare as an instant.
        return `CAST(round(unixepoch(${x}, 'subsec') * 1000) AS INTEGER) ${sqlOp[op]} ${this.param(operand.value)}`;
    }
  }

  /** `schemas eq "urn:…"`: which schemas the rendered resource lists. */
  schemas(op: CompareOp, value: unknown): string {
    if (op !== "eq" && op !== "ne") {
      throw scimErrors.invalidFilter(`'schemas' can be filtered with eq, ne and pr only, not '${op}'.`);
    }
    if (typeof value !== "string") {
      throw scimErrors.invalidFilter("'schemas' is compared with a schema URN in double quotes.");
    }
    const urn = value.toLowerCase();
    let cond = "0";
    if (urn === (this.resource === "User" ? SCHEMA_URNS.user : SCHEMA_URNS.group).toLowerCase()) {
      cond = "1";
    } else if (this.resource === "User" && urn === SCHEMA_URNS.seatUser.toLowerCase()) {
      cond = "1"; // always rendered: seatType comes from a column
    } else if (this.resource === "User" && urn === SCHEMA_URNS.enterpriseUser.toLowerCase()) {
      // Rendered when the stored enterprise object is non-empty (users/user-columns.ts).
      cond = `EXISTS (SELECT 1 FROM json_each(users.resource, ${jsonPath(SCHEMA_URNS.enterpriseUser)}))`;
    }
    return op === "eq" ? cond : not(cond);
  }

  // ---- value paths --------------------------------------------------------------------

  valuePath(path: Parameters<typeof resolveFilterPath>[1], inner: Filter): string {
    const t = resolveFilterPath(this.rt, path);
    const attribute = t.attribute;
    if (t.sub || attribute.type !== "complex") {
      throw scimErrors.invalidFilter(
        `'${t.text}[…]': a value filter applies to a complex attribute, such as emails or members.`,
      );
    }
    const element = this.elementOf(t);
    // The hot shapes `members[value eq "…"]` and `emails[type eq "work" and value eq "…"]`
    // (Entra ID): narrow by the index first; a lone `value eq` needs nothing else.
    let narrowed: string | undefined;
    const eqValue = element.eqIn !== undefined ? valueEqLiteral(inner) : undefined;
    if (element.eqIn !== undefined && eqValue !== undefined) {
      const valueDef = resolveElementPath(this.rt, attribute, { attr: "value" });
      const literal = coerceOperand(valueDef, "eq", eqValue);
      if (literal.kind === "string" && literal.value !== "") {
        narrowed = element.eqIn.replace("?", this.param(literal.value));
        if (inner.kind === "compare") return narrowed;
      }
    }
    const sql = element.open(this.compile(inner, element.ctx));
    return narrowed !== undefined ? `(${narrowed} AND ${sql})` : sql;
  }

  /** How to iterate the elements of a complex attribute inside a value filter. */
  elementOf(t: FilterTarget): { ctx: ElementContext; open: (cond: string) => string; eqIn?: string } {
    const attribute = t.attribute;
    const name = attribute.name;
    if (this.resource === "User" && t.extensionUrn === undefined && name === "groups") {
      return this.userGroups(attribute);
    }
    if (this.resource === "Group" && name === "members") {
      return this.groupMembers(attribute);
    }
    if (this.resource === "Group") throw this.unsupported(t.text);
    const container = "users.resource";
    const keys = t.extensionUrn !== undefined ? [t.extensionUrn, name] : [name];
    if (!attribute.multiValued) {
      // A complex single-valued attribute (`name[givenName eq "x"]`): its sub-attributes,
      // of a value that is there. Without one nothing matches, `name[not (…)]` included.
      const path = jsonPath(...keys);
      return {
        ctx: {
          parent: attribute,
          sub: (def) => ({
            expr: `json_extract(${container}, ${jsonPath(...keys, def.name)})`,
            type: scalarType(def, false),
            caseExact: def.caseExact,
            fold: "sql",
          }),
        },
        open: (cond) => `(json_type(${container}, ${path}) = 'object' AND ${cond})`,
      };
    }
    const a = this.alias("e");
    const ctx: ElementContext = {
      parent: attribute,
      sub: (def) => ({
        expr: attribute.subAttributes ? `json_extract(${a}.value, ${jsonPath(def.name)})` : `${a}.value`,
        type: scalarType(def, false),
        caseExact: def.caseExact,
        fold: "sql",
      }),
    };
    const open = (cond: string) =>
      `EXISTS (SELECT 1 FROM json_each(${container}, ${jsonPath(...keys)}) AS ${a} WHERE ${cond})`;
    if (this.resource === "User" && t.extensionUrn === undefined && name === "emails") {
      return { ctx, open, eqIn: "users.id IN (SELECT user_id FROM user_emails WHERE value_norm = ?)" };
    }
    return { ctx, open };
  }

  /** User `groups`, derived from memberships (read-only, RFC 7643 §4.1.2). */
  userGroups(attribute: AttributeDef) {
    const gm = this.alias("gm");
    const g = this.alias("g");
    const ctx: ElementContext = {
      parent: attribute,
      sub: (def) => {
        switch (def.name) {
          case "value":
            // Ids are lower-case UUIDs (lib/ids.ts), so the id column is its own fold.
            return { expr: `${gm}.group_id`, type: "string", caseExact: def.caseExact, fold: "stored" };
          case "display":
            return { expr: `${g}.display_name_norm`, type: "string", caseExact: def.caseExact, fold: "stored" };
          case "type":
            return { expr: "'direct'", type: "string", caseExact: def.caseExact, fold: "stored" };
          default:
            throw this.unsupported(`groups.${def.name}`);
        }
      },
    };
    return {
      ctx,
      open: (cond: string) =>
        `EXISTS (SELECT 1 FROM group_members AS ${gm} JOIN groups AS ${g} ON ${g}.id = ${gm}.group_id WHERE ${gm}.user_id = users.id AND ${cond})`,
      eqIn: "users.id IN (SELECT user_id FROM group_members WHERE group_id = ?)",
    };
  }

  /** Group `members`: rows of group_members (Users only). */
  groupMembers(attribute: AttributeDef) {
    const gm = this.alias("gm");
    const u = this.alias("u");
    const ctx: ElementContext = {
      parent: attribute,
      sub: (def) => {
        switch (def.name) {
          case "value":
            return { expr: `${gm}.user_id`, type: "string", caseExact: def.caseExact, fold: "stored" };
          case "display":
            // What the group renders as the member's display (groups/apply-member-ops.ts).
            return {
              expr: `coalesce(${u}.display_name, ${u}.user_name)`,
              type: "string",
              caseExact: def.caseExact,
              fold: "sql",
            };
          case "type":
            return { expr: "'user'", type: "string", caseExact: false, fold: "stored" };
          default:
            throw this.unsupported(`members.${def.name}`);
        }
      },
    };
    return {
      ctx,
      open: (cond: string) =>
        // Members the IdP cannot see (SCIM-deleted users, Guests) are not members in SCIM
        // (groups/group-queries.ts membersOfGroup), so filters skip them too.
        `EXISTS (SELECT 1 FROM group_members AS ${gm} JOIN users AS ${u} ON ${u}.id = ${gm}.user_id WHERE ${gm}.group_id = groups.id AND +${u}.scim_deleted_at IS NULL AND ${u}.seat_type <> 'Guest' AND ${cond})`,
      eqIn: "groups.id IN (SELECT gmv.group_id FROM group_members AS gmv JOIN users AS uv ON uv.id = gmv.user_id WHERE gmv.user_id = ? AND +uv.scim_deleted_at IS NULL AND uv.seat_type <> 'Guest')",
    };
  }

  unsupported(text: string) {
    return scimErrors.invalidFilter(`Filtering on '${text}' is not supported.`);
  }

  // ---- the storage mapping ------------------------------------------------------------

  source(t: FilterTarget): Source {
    const name = t.attribute.name;
    const sub = t.sub?.name;
    if (t.attribute === SCHEMAS_ATTRIBUTE) return { kind: "schemas" };
    const col = (expr: string, options: Partial<Scalar> = {}): Source => ({
      kind: "scalar",
      s: {
        expr,
        type: scalarType(t.leaf, true),
        caseExact: t.leaf.caseExact,
        fold: "sql",
        ...options,
      },
    });
    const table = this.resource === "User" ? "users" : "groups";
    if (t.extensionUrn === undefined) {
      switch (sub === undefined ? name : `${name}.${sub}`) {
        case "id":
          return col(`${table}.id`, { range: true, fold: "stored" });
        case "externalId":
          return col(`${table}.external_id`, { range: true });
        case "meta":
          return { kind: "object", present: "1" };
        case "meta.created":
          return col(`${table}.created_at`);
        case "meta.lastModified":
          return col(`${table}.updated_at`);
        case "meta.version":
          // ETag form, as rendered (RFC 7644 §3.14).
          return col(`('W/"' || ${table}.version || '"')`);
        case "meta.resourceType":
          return { kind: "constant", s: { expr: `'${this.resource}'`, type: "string", caseExact: true, fold: "stored" } };
        case "meta.location":
          throw this.unsupported("meta.location");
      }
    }
    return this.resource === "User" ? this.userSource(t, col) : this.groupSource(t, col);
  }

  userSource(t: FilterTarget, col: (expr: string, options?: Partial<Scalar>) => Source): Source {
    const name = t.attribute.name;
    const sub = t.sub?.name;
    if (t.extensionUrn === SCHEMA_URNS.seatUser) {
      if (name === "seatType") return col("users.seat_type");
      if (name === "reviewEndsAt") return col("users.review_ends_at");
    }
    if (t.extensionUrn === undefined) {
      switch (sub === undefined ? name : `${name}.${sub}`) {
        case "userName":
          return col("users.user_name_norm", { fold: "stored", range: true, identity: true });
        // displayName and name.* are read from the JSON, as they are rendered: their
        // columns hold NULL for "", which the resource still shows (property test).
        case "active":
          return { kind: "active" };
        case "emails":
        case "emails.value": {
          if (sub === undefined && !t.impliedValue) break;
          // Compared on the JSON, as rendered: user_emails leaves out empty values, which
          // the resource still shows (property test). Its index answers `eq` a non-empty literal.
          const json = this.jsonSource(t);
          if (json.kind !== "each") break;
          return { ...json, eqIn: "users.id IN (SELECT user_id FROM user_emails WHERE value_norm = ?)" };
        }
      }
      if (name === "groups") {
        const { ctx, open, eqIn } = this.userGroups(t.attribute);
        const leaf = sub === undefined ? findSubAttribute(t.attribute, "value") : t.sub;
        if (!leaf) throw this.unsupported(t.text);
        return {
          kind: "each",
          s: ctx.sub(leaf),
          open,
          ...(sub === undefined || sub === "value" ? { eqIn } : {}),
        };
      }
    }
    return this.jsonSource(t);
  }

  groupSource(t: FilterTarget, col: (expr: string, options?: Partial<Scalar>) => Source): Source {
    const name = t.attribute.name;
    const sub = t.sub?.name;
    if (name === "displayName" && sub === undefined) {
      return col("groups.display_name_norm", { fold: "stored", range: true });
    }
    if (name === "members") {
      const { ctx, open, eqIn } = this.groupMembers(t.attribute);
      const leaf = sub === undefined ? findSubAttribute(t.attribute, "value") : t.sub;
      if (!leaf) throw this.unsupported(t.text);
      const s = ctx.sub(leaf);
      return {
        kind: "each",
        s,
        open,
        ...(sub === undefined || sub === "value" ? { eqIn } : {}),
      };
    }
    throw this.unsupported(t.text);
  }

  /** Everything else of a User lives in the JSON column `users.resource`. */
  jsonSource(t: FilterTarget): Source {
    const container = "users.resource";
    const attribute = t.attribute;
    const keys = t.extensionUrn !== undefined ? [t.extensionUrn, attribute.name] : [attribute.name];
    const leafScalar = (expr: string, def: AttributeDef): Scalar => ({
      expr,
      type: scalarType(def, false),
      caseExact: def.caseExact,
      fold: "sql",
    });
    if (attribute.multiValued) {
      const a = this.alias("e");
      const leafName = t.sub?.name ?? (t.impliedValue ? "value" : undefined);
      const expr = leafName !== undefined ? `json_extract(${a}.value, ${jsonPath(leafName)})` : `${a}.value`;
      return {
        kind: "each",
        s: leafScalar(expr, t.leaf),
        open: (cond) => `EXISTS (SELECT 1 FROM json_each(${container}, ${jsonPath(...keys)}) AS ${a} WHERE ${cond})`,
        ...(t.sub === undefined
          ? { present: `coalesce(json_array_length(${container}, ${jsonPath(...keys)}), 0) > 0` }
          : {}),
      };
    }
    if (attribute.type === "complex" && !t.sub) {
      const a = this.alias("e");
      return {
        kind: "object",
        present: `EXISTS (SELECT 1 FROM json_each(${container}, ${jsonPath(...keys)}) AS ${a} WHERE ${a}.value IS NOT NULL AND ${a}.value <> '')`,
      };
    }
    const path = t.sub ? [...keys, t.sub.name] : keys;
    return { kind: "scalar", s: leafScalar(`json_extract(${container}, ${jsonPath(...path)})`, t.leaf) };
  }
}

function present(s: Scalar): string {
  return s.type === "string" ? `(${s.expr} IS NOT NULL AND ${s.expr} <> '')` : `${s.expr} IS NOT NULL`;
}

/** The literal of a top-level `value eq "…"` conjunct of a value filter, if any. */
function valueEqLiteral(filter: Filter): string | number | boolean | undefined {
  if (filter.kind === "and") return valueEqLiteral(filter.left) ?? valueEqLiteral(filter.right);
  if (
    filter.kind === "compare" &&
    filter.op === "eq" &&
    filter.path.schema === undefined &&
    filter.path.sub === undefined &&
    filter.path.attr.toLowerCase() === "value" &&
    filter.value !== null
  ) {
    return filter.value;
  }
  return undefined;
}

/**
 * Compiles a filter to a WHERE fragment over `users` or `groups`. Throws
 * `scimErrors.invalidFilter` naming an unknown attribute or a comparison that does not
 * apply to the attribute's type.
 */
export function compileFilter(resource: ResourceName, filter: Filter): CompiledFilter {
  const compiler = new Compiler(resource, RESOURCE_TYPES[resource]);
  const sql = compiler.compile(filter);
  return { sql, params: compiler.params };
}

/**
 * Compiles `sortBy`/`sortOrder` (RFC 7644 §3.4.2.3) to an ORDER BY expression list, always
 * ending with the id so pages are stable. Resources without a value sort last when
 * ascending and first when descending. Case-insensitive strings sort by their lower-cased
 * form. A multi-valued attribute sorts by its primary value, else its first. Throws
 * `scimErrors.invalidValue` naming an attribute that is unknown or cannot be sorted on.
 */
export function compileSort(
  resource: ResourceName,
  sortBy: string,
  sortOrder: "ascending" | "descending" = "ascending",
): string {
  const rt = RESOURCE_TYPES[resource];
  const table = resource === "User" ? "users" : "groups";
  const resolved = resolveAttributePath(rt, sortBy.trim());
  if (!resolved) {
    throw scimErrors.invalidValue(`Cannot sort by '${sortBy}': it is not an attribute of ${resource}.`);
  }
  const expr = sortExpression(resource, table, resolved, sortBy);
  const desc = String(sortOrder).toLowerCase() === "descending";
  const direction = desc ? "DESC NULLS FIRST" : "ASC NULLS LAST";
  return expr === undefined
    ? `${ID_ORDER[resource]} ASC`
    : `${expr} ${direction}, ${ID_ORDER[resource]} ASC`;
}

function sortExpression(
  resource: ResourceName,
  table: string,
  r: NonNullable<ReturnType<typeof resolveAttributePath>>,
  sortBy: string,
): string | undefined {
  const cannot = (why: string) => scimErrors.invalidValue(`Cannot sort by '${sortBy}': ${why}.`);
  const name = r.attribute.name;
  const sub = r.subAttribute?.name;
  const key = sub === undefined ? name : `${name}.${sub}`;
  const urn = r.extension ? r.schema?.id : undefined;
  const lower = (expr: string, def: AttributeDef) =>
    def.type === "string" && !def.caseExact ? `scim_lower(${expr})` : expr;
  if (urn === undefined) {
    switch (key) {
      case "id":
        return undefined; // the tiebreaker alone
      case "externalId":
        return `${table}.external_id`;
      case "meta.created":
        return `${table}.created_at`;
      case "meta.lastModified":
        return `${table}.updated_at`;
      case "meta.version":
        return `${table}.version`;
      case "meta.resourceType":
      case "meta.location":
        return undefined; // the same for every resource, or ordered like the id
      case "meta":
        throw cannot("it is a complex attribute; sort by one of its sub-attributes, e.g. meta.lastModified");
    }
  }
  if (resource === "Group") {
    if (key === "displayName") return "groups.display_name_norm";
    throw cannot("Groups sort by id, externalId, displayName or meta attributes");
  }
  if (urn === SCHEMA_URNS.seatUser && name === "seatType") return "users.seat_type";
  if (urn === SCHEMA_URNS.seatUser && name === "reviewEndsAt") return "users.review_ends_at";
  if (urn === undefined) {
    switch (key) {
      case "userName":
        return "users.user_name_norm";
      case "displayName":
        return "scim_lower(users.display_name)";
      case "name.givenName":
        return "scim_lower(users.given_name)";
      case "name.familyName":
        return "scim_lower(users.family_name)";
      case "active":
        return "(users.status = 'active')";
      case "emails":
      case "emails.value":
        // RFC 7644 §3.4.2.3: a multi-valued attribute sorts by its primary value; the
        // store keeps the primary email in a column (users/user-columns.ts).
        return "users.email_norm";
      case "groups":
        throw cannot("group memberships cannot be sorted on");
    }
  }
  if (r.attribute.name === "groups") throw cannot("group memberships cannot be sorted on");
  const keys = urn !== undefined ? [urn, name] : [name];
  if (r.attribute.multiValued) {
    const leaf = r.subAttribute ?? findSubAttribute(r.attribute, "value");
    if (!leaf) throw cannot(`it is a complex attribute; sort by one of its sub-attributes, e.g. ${name}.${r.attribute.subAttributes?.[0]?.name ?? "value"}`);
    const primaryFirst = findSubAttribute(r.attribute, "primary")
      ? `json_extract(s.value, '$."primary"') IS NOT 1, `
      : "";
    return `(SELECT ${lower(`json_extract(s.value, ${jsonPath(leaf.name)})`, leaf)} FROM json_each(users.resource, ${jsonPath(...keys)}) AS s ORDER BY ${primaryFirst}s.key LIMIT 1)`;
  }
  if (r.attribute.type === "complex" && !r.subAttribute) {
    throw cannot(`it is a complex attribute; sort by one of its sub-attributes, e.g. ${name}.${r.attribute.subAttributes?.[0]?.name ?? "value"}`);
  }
  const leaf = r.subAttribute ?? r.attribute;
  const path = r.subAttribute ? [...keys, r.subAttribute.name] : keys;
  return lower(`json_extract(users.resource, ${jsonPath(...path)})`, leaf);
}
