/**
 * Compiles a parsed SCIM filter (RFC 7644 §3.4.2.2) into a parameterised WHERE fragment over
 * the `users` / `groups` tables, and `sortBy` (§3.4.2.3) into an ORDER BY, for SQLite or
 * PostgreSQL (the few fragments that differ are `FilterSql` below).
 * Nothing is ever loaded into memory: the database does the filtering, and the hot
 * filters (`userName`, `externalId`, `emails.value`, `id`, group `displayName`,
 * `members.value`) compile to shapes that SQLite answers from an index.
 *
 * The storage mapping (the contract with lib/scim/users and lib/scim/groups):
 * - attributes with a column are compared on the column; `*_norm` columns hold the
 *   lower-cased value, so a case-insensitive `eq` is `col = lower(literal)` and uses its
 *   index; other case-insensitive columns are folded with `scim_lower` (db/sqlite.ts, and
 *   on PostgreSQL its migration 0002);
 * - every other User attribute is read from the JSON column `users.resource`, stored with
 *   canonical attribute names and extensions under their URN; multi-valued attributes
 *   are JSON arrays, filtered with `EXISTS (SELECT 1 FROM json_each(…))`.
 *
 * Three-valued logic: a missing attribute makes a comparison NULL in SQL but "false" in
 * SCIM (a missing attribute is not equal to anything). Comparisons stay bare so SQLite can
 * use indexes, and every negation is written `NOT coalesce(x, 0)` (`FALSE` on PostgreSQL),
 * which gives the two-valued answer because and/or are monotone in their operands.
 *
 * The SQL text depends only on the filter's shape (literals are parameters; JSON paths
 * come from the schema defs, never from the request), so callers can cache prepared
 * statements by SQL text.
 */
import type { Engine, SqlParam } from "@/db/client";
import { dialectOf, type Dialect } from "@/db/dialect";
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

/** A JSON path of keys for PostgreSQL's `#>`/`#>>`, each key quoted as in jsonPath. */
function pgPath(...keys: string[]): string {
  return `'{${keys.map((k) => `"${k}"`).join(",")}}'`;
}

/**
 * The SQL that differs between the engines. SQLite's is what the compiler has always
 * written (byte for byte: the statement cache and the benchmark's plans key on it).
 * PostgreSQL keeps JSON as text (db/schema-pg.ts), read with json's `#>>` (a member as text,
 * as SQLite's json_extract gives it; a JSON true is 'true' there, 1 here); its comparisons are
 * booleans, and strings order by code point only under the "C" collation (SQLite's BINARY).
 * scim_lower and scim_epoch_ms are functions of migrations-pg/0002_scim_filter_functions.sql.
 */
interface FilterSql {
  readonly d: Dialect;
  /** `cond` made two-valued: NULL (a missing attribute) is false. */
  not(cond: string): string;
  /** `x` contains the string at `p`. */
  contains(x: string, p: string): string;
  /** The last `n` characters of `x`. */
  suffix(x: string, n: number): string;
  /** `x` as an operand of `<`, `>=` …: ordered by code point. */
  ordered(x: string): string;
  /** An RFC 3339 text as epoch milliseconds, NULL when it is not one. */
  epochMs(x: string): string;
  /** `x` (a JSON member) as a number, NULL when it is not one. */
  number(x: string): string;
  /** A boolean literal's parameter, compared with a JSON member. */
  boolean(value: boolean): SqlParam;
  /** The member of the JSON text `container` at `keys`: text, or the JSON text of an array or object. */
  member(container: string, keys: string[]): string;
  /** A FROM item of the elements of the JSON array at `keys`: columns `alias.value`, `alias.key` (its order). */
  elements(container: string, keys: string[], alias: string): string;
  /** Member `name` of an element of `elements`. */
  elementMember(alias: string, name: string): string;
  /** An element of `elements` itself (an array of simple values). */
  element(alias: string): string;
  /** The array at `keys` has an element. */
  hasElements(container: string, keys: string[], alias: string): string;
  /** The object at `keys` has a member that is neither null nor "". */
  hasMemberValues(container: string, keys: string[], alias: string): string;
  /** The object at `keys` has a member. */
  hasMembers(container: string, keys: string[]): string;
  /** The member at `keys` is an object. */
  isObject(container: string, keys: string[]): string;
  /** An element of `elements` is not `primary: true`: sorts it after one that is. */
  notPrimary(alias: string): string;
}

const SQLITE_FILTER: FilterSql = {
  d: dialectOf("sqlite"),
  not: (cond) => `NOT coalesce(${cond}, 0)`,
  contains: (x, p) => `instr(${x}, ${p}) > 0`,
  suffix: (x, n) => `substr(${x}, -${n})`,
  ordered: (x) => x,
  epochMs: (x) => `CAST(round(unixepoch(${x}, 'subsec') * 1000) AS INTEGER)`,
  number: (x) => x,
  boolean: (value) => (value ? 1 : 0),
  member: (container, keys) => `json_extract(${container}, ${jsonPath(...keys)})`,
  elements: (container, keys, alias) => `json_each(${container}, ${jsonPath(...keys)}) AS ${alias}`,
  elementMember: (alias, name) => `json_extract(${alias}.value, ${jsonPath(name)})`,
  element: (alias) => `${alias}.value`,
  hasElements: (container, keys) => `coalesce(json_array_length(${container}, ${jsonPath(...keys)}), 0) > 0`,
  hasMemberValues: (container, keys, a) =>
    `EXISTS (SELECT 1 FROM json_each(${container}, ${jsonPath(...keys)}) AS ${a} WHERE ${a}.value IS NOT NULL AND ${a}.value <> '')`,
  hasMembers: (container, keys) => `EXISTS (SELECT 1 FROM json_each(${container}, ${jsonPath(...keys)}))`,
  isObject: (container, keys) => `json_type(${container}, ${jsonPath(...keys)}) = 'object'`,
  notPrimary: (alias) => `json_extract(${alias}.value, '$."primary"') IS NOT 1`,
};

/** The JSON at `keys` of `container`, once per row, as `alias_v.v`, for a set function of it. */
const pgJsonAt = (container: string, keys: string[], alias: string) =>
  `(SELECT CAST(${container} AS json) #> ${pgPath(...keys)} AS v) AS ${alias}_v`;
/** `v` when it is JSON of `type`, else NULL (a set function of NULL has no rows; of another type it fails). */
const pgIf = (type: string, v: string) => `CASE WHEN json_typeof(${v}) = '${type}' THEN ${v} END`;

const POSTGRES_FILTER: FilterSql = {
  d: dialectOf("postgres"),
  not: (cond) => `NOT coalesce(${cond}, FALSE)`,
  contains: (x, p) => `strpos(${x}, ${p}) > 0`,
  suffix: (x, n) => `right(${x}, ${n})`,
  ordered: (x) => `${x} COLLATE "C"`,
  epochMs: (x) => `scim_epoch_ms(${x})`,
  number: (x) => `CAST(CASE WHEN ${x} ~ '^\\s*[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?\\s*$' THEN ${x} END AS double precision)`,
  boolean: (value) => (value ? "true" : "false"),
  member: (container, keys) => `(CAST(${container} AS json) #>> ${pgPath(...keys)})`,
  elements: (container, keys, alias) =>
    `${pgJsonAt(container, keys, alias)}, json_array_elements(${pgIf("array", `${alias}_v.v`)}) WITH ORDINALITY AS ${alias}(value, key)`,
  elementMember: (alias, name) => `(${alias}.value #>> ${pgPath(name)})`,
  element: (alias) => `(${alias}.value #>> '{}')`,
  hasElements: (container, keys, alias) => `EXISTS (SELECT 1 FROM ${POSTGRES_FILTER.elements(container, keys, alias)})`,
  hasMemberValues: (container, keys, a) =>
    `EXISTS (SELECT 1 FROM ${pgJsonAt(container, keys, a)}, json_each_text(${pgIf("object", `${a}_v.v`)}) AS ${a} WHERE ${a}.value IS NOT NULL AND ${a}.value <> '')`,
  hasMembers: (container, keys) =>
    `EXISTS (SELECT 1 FROM ${pgJsonAt(container, keys, "o")}, json_each(${pgIf("object", "o_v.v")}))`,
  isObject: (container, keys) => `json_typeof(CAST(${container} AS json) #> ${pgPath(...keys)}) = 'object'`,
  notPrimary: (alias) => `(${alias}.value #>> '{"primary"}') IS DISTINCT FROM 'true'`,
};

const filterSqlOf = (engine: Engine): FilterSql => (engine === "postgres" ? POSTGRES_FILTER : SQLITE_FILTER);

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
    readonly q: FilterSql,
  ) {}

  param(value: unknown): string {
    // The drivers bind no booleans; SQLite's JSON booleans are 1/0, PostgreSQL's text 'true'/'false'.
    this.params.push(typeof value === "boolean" ? this.q.boolean(value) : (value as SqlParam));
    return "?";
  }

  not(cond: string): string {
    return this.q.not(cond);
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
        return this.not(this.compile(filter.filter, ctx));
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
        return this.q.d.true;
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
      return op === "eq" ? this.not(p) : p;
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
        if (op === "ne") return this.not(eq());
        if (op === "eq") return eq();
        return source.open(this.compareScalar(source.s, op, operand));
      }
      case "active": {
        // active is the status column (docs/product.md §3); coerceOperand allowed only eq/ne.
        const isActive = operand.kind === "boolean" && operand.value;
        const cond = isActive ? "users.status = 'active'" : "users.status <> 'active'";
        return op === "ne" ? this.not(cond) : cond;
      }
      case "object":
        // coerceOperand rejects comparisons with a complex attribute before we get here.
        throw scimErrors.invalidFilter(`'${t.text}' is a complex attribute: compare one of its sub-attributes.`);
    }
  }

  compareScalar(s: Scalar, op: CompareOp, operand: Operand): string {
    if (op === "ne") return this.not(this.compareScalar(s, "eq", operand));
    if (operand.kind === "null") {
      return op === "eq" ? this.not(present(s)) : present(s);
    }
    const x = s.type === "string" && !s.caseExact && s.fold === "sql" ? `scim_lower(${s.expr})` : s.expr;
    const sqlOp = { eq: "=", gt: ">", ge: ">=", lt: "<", le: "<=" } as Record<string, string>;
    switch (operand.kind) {
      case "string": {
        const v = operand.value;
        switch (op) {
          case "co":
            if (v === "") return `${s.expr} IS NOT NULL`;
            return this.q.contains(x, this.param(v));
          case "sw":
            if (v === "") return `${s.expr} IS NOT NULL`;
            if (s.range) {
              // Every string that starts with v sorts in [v, the next prefix) by code point
              // (BINARY collation on UTF-8), so the column's index answers it.
              const upper = nextPrefix(v);
              const o = this.q.ordered(x);
              // Only a literal of U+10FFFF alone has no bound (and its own SQL text).
              if (upper === undefined) return `${o} >= ${this.param(v)}`;
              return `(${o} >= ${this.param(v)} AND ${o} < ${this.param(upper)})`;
            }
            return `substr(${x}, 1, ${charLength(v)}) = ${this.param(v)}`;
          case "ew":
            if (v === "") return `${s.expr} IS NOT NULL`;
            return `${this.q.suffix(x, charLength(v))} = ${this.param(v)}`;
          case "eq":
            if (s.identity) return `${x} = ${this.param(identityNorm(v))}`;
            return `${x} = ${this.param(v)}`;
          default:
            // Lexicographic by code point (RFC 7644 §3.4.2.2 "gt": string compare).
            return `${this.q.ordered(x)} ${sqlOp[op]} ${this.param(v)}`;
        }
      }
      case "boolean":
        return `${x} = ${this.param(operand.value)}`;
      case "number":
        return `${this.q.number(x)} ${sqlOp[op]} ${this.param(operand.value)}`;
      case "instant":
        if (s.type === "ms") return `${x} ${sqlOp[op]} ${this.param(operand.value)}`;
        // A dateTime held as RFC 3339 text in the JSON: compare as an instant.
        return `${this.q.epochMs(x)} ${sqlOp[op]} ${this.param(operand.value)}`;
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
    let cond = this.q.d.false;
    if (urn === (this.resource === "User" ? SCHEMA_URNS.user : SCHEMA_URNS.group).toLowerCase()) {
      cond = this.q.d.true;
    } else if (this.resource === "User" && urn === SCHEMA_URNS.seatUser.toLowerCase()) {
      cond = this.q.d.true; // always rendered: seatType comes from a column
    } else if (this.resource === "User" && urn === SCHEMA_URNS.enterpriseUser.toLowerCase()) {
      // Rendered when the stored enterprise object is non-empty (users/user-columns.ts).
      cond = this.q.hasMembers("users.resource", [SCHEMA_URNS.enterpriseUser]);
    }
    return op === "eq" ? cond : this.not(cond);
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
      return {
        ctx: {
          parent: attribute,
          sub: (def) => ({
            expr: this.q.member(container, [...keys, def.name]),
            type: scalarType(def, false),
            caseExact: def.caseExact,
            fold: "sql",
          }),
        },
        open: (cond) => `(${this.q.isObject(container, keys)} AND ${cond})`,
      };
    }
    const a = this.alias("e");
    const ctx: ElementContext = {
      parent: attribute,
      sub: (def) => ({
        expr: attribute.subAttributes ? this.q.elementMember(a, def.name) : this.q.element(a),
        type: scalarType(def, false),
        caseExact: def.caseExact,
        fold: "sql",
      }),
    };
    const open = (cond: string) => `EXISTS (SELECT 1 FROM ${this.q.elements(container, keys, a)} WHERE ${cond})`;
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
        `EXISTS (SELECT 1 FROM group_members AS ${gm} JOIN users AS ${u} ON ${u}.id = ${gm}.user_id WHERE ${gm}.group_id = groups.id AND ${this.q.d.unindexed(`${u}.scim_deleted_at`)} IS NULL AND ${u}.seat_type <> 'Guest' AND ${cond})`,
      eqIn: `groups.id IN (SELECT gmv.group_id FROM group_members AS gmv JOIN users AS uv ON uv.id = gmv.user_id WHERE gmv.user_id = ? AND ${this.q.d.unindexed("uv.scim_deleted_at")} IS NULL AND uv.seat_type <> 'Guest')`,
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
          return { kind: "object", present: this.q.d.true };
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
      const expr = leafName !== undefined ? this.q.elementMember(a, leafName) : this.q.element(a);
      return {
        kind: "each",
        s: leafScalar(expr, t.leaf),
        open: (cond) => `EXISTS (SELECT 1 FROM ${this.q.elements(container, keys, a)} WHERE ${cond})`,
        ...(t.sub === undefined ? { present: this.q.hasElements(container, keys, a) } : {}),
      };
    }
    if (attribute.type === "complex" && !t.sub) {
      const a = this.alias("e");
      return { kind: "object", present: this.q.hasMemberValues(container, keys, a) };
    }
    const path = t.sub ? [...keys, t.sub.name] : keys;
    return { kind: "scalar", s: leafScalar(this.q.member(container, path), t.leaf) };
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
 * Compiles a filter to a WHERE fragment over `users` or `groups`, for the database `engine`.
 * Throws `scimErrors.invalidFilter` naming an unknown attribute or a comparison that does not
 * apply to the attribute's type.
 */
export function compileFilter(resource: ResourceName, filter: Filter, engine: Engine): CompiledFilter {
  const compiler = new Compiler(resource, RESOURCE_TYPES[resource], filterSqlOf(engine));
  const sql = compiler.compile(filter);
  return { sql, params: compiler.params };
}

/**
 * Compiles `sortBy`/`sortOrder` (RFC 7644 §3.4.2.3) to an ORDER BY expression list, always
 * ending with the id so pages are stable (no `sortOrder` is ascending, the RFC's default).
 * Resources without a value sort last when ascending and first when descending. Case-insensitive strings sort by their lower-cased
 * form. A multi-valued attribute sorts by its primary value, else its first. Throws
 * `scimErrors.invalidValue` naming an attribute that is unknown or cannot be sorted on.
 */
export function compileSort(
  resource: ResourceName,
  sortBy: string,
  sortOrder: "ascending" | "descending" | undefined,
  engine: Engine,
): string {
  const rt = RESOURCE_TYPES[resource];
  const table = resource === "User" ? "users" : "groups";
  const resolved = resolveAttributePath(rt, sortBy.trim());
  if (!resolved) {
    throw scimErrors.invalidValue(`Cannot sort by '${sortBy}': it is not an attribute of ${resource}.`);
  }
  const expr = sortExpression(resource, table, resolved, sortBy, filterSqlOf(engine));
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
  q: FilterSql,
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
    const primaryFirst = findSubAttribute(r.attribute, "primary") ? `${q.notPrimary("s")}, ` : "";
    return `(SELECT ${lower(q.elementMember("s", leaf.name), leaf)} FROM ${q.elements("users.resource", keys, "s")} ORDER BY ${primaryFirst}s.key LIMIT 1)`;
  }
  if (r.attribute.type === "complex" && !r.subAttribute) {
    throw cannot(`it is a complex attribute; sort by one of its sub-attributes, e.g. ${name}.${r.attribute.subAttributes?.[0]?.name ?? "value"}`);
  }
  const leaf = r.subAttribute ?? r.attribute;
  const path = r.subAttribute ? [...keys, r.subAttribute.name] : keys;
  return lower(q.member("users.resource", path), leaf);
}
