/**
 * Parser for RFC 7644 §3.4.2.2 filters (Figure 1) and §3.5.2 PATCH paths.
 *
 * Hand-written recursive descent rather than `scim2-parse-filter`: that package has no
 * PATCH-path entry point and its errors carry no position ("[(EOT)] is not json"), and an
 * IdP engineer reading a 400 needs to know where the filter went wrong. The grammar is
 * small enough that a scannerless parser stays short and fast (it sits on the hot path:
 * Okta's `userName eq "…"` existence check before every create).
 *
 * Leniencies, each one deliberate:
 * - operators, `and`/`or`/`not`, `pr` and `true`/`false`/`null` are case-insensitive
 *   (RFC 7644 §3.4.2.2 says attribute names and operators are; we extend it to literals);
 * - any run of whitespace separates tokens, not only a single SP;
 * - `not` may precede any expression, not only a parenthesised one;
 * - Entra ID documents `emails[type eq "work"].value eq "x"` as a filter; it is read as
 *   `emails[type eq "work" and value eq "x"]`.
 */
import { scimErrors, type ScimError } from "@/lib/scim/errors";
import { MAX_FILTER_DEPTH, MAX_FILTER_LENGTH, MAX_FILTER_TERMS, MAX_PATH_LENGTH } from "@/lib/scim/limits";
import { schemaById } from "@/lib/scim/schemas";
import type { AttrPath, CompareOp, CompValue, Filter, PatchPath } from "./ast";

const COMPARE_OPS: ReadonlySet<string> = new Set([
  "eq",
  "ne",
  "co",
  "sw",
  "ew",
  "gt",
  "ge",
  "lt",
  "le",
]);

const OP_LIST = "eq, ne, co, sw, ew, gt, ge, lt, le or pr";

// ATTRNAME = ALPHA *(nameChar); nameChar = "-" / "_" / DIGIT / ALPHA (RFC 7644 §3.4.2.2).
// `$ref` is not an ATTRNAME by the ABNF but RFC 7643 §2.4 defines it as a sub-attribute.
const ATTR_NAME = /^(?:[A-Za-z][A-Za-z0-9_-]*|\$ref)$/;

function isWordChar(code: number): boolean {
  return (
    (code >= 97 && code <= 122) || // a-z
    (code >= 65 && code <= 90) || // A-Z
    (code >= 48 && code <= 57) || // 0-9
    code === 45 || // -
    code === 95 || // _
    code === 46 || // .
    code === 58 || // :
    code === 36 // $
  );
}

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13;
}

type ErrorFactory = (detail: string) => ScimError;

class Parser {
  pos = 0;
  /** Open `(`, `not` and `[` around the current position, and comparisons read so far (lib/scim/limits.ts). */
  depth = 0;
  terms = 0;

  constructor(
    readonly text: string,
    readonly fail: ErrorFactory,
    readonly what: "filter" | "path",
  ) {}

  error(message: string, at: number = this.pos): ScimError {
    const shown = this.text.length > 200 ? `${this.text.slice(0, 200)}…` : this.text;
    return this.fail(`Invalid ${this.what} '${shown}': ${message} at position ${at + 1}.`);
  }

  /** A short description of what sits at `at`, for "found …" in errors. */
  found(at: number = this.pos): string {
    if (at >= this.text.length) return `end of ${this.what}`;
    const ch = this.text[at] ?? "";
    if (!isWordChar(ch.charCodeAt(0))) return `'${ch}'`;
    let end = at;
    while (end < this.text.length && isWordChar(this.text.charCodeAt(end))) end++;
    return `'${this.text.slice(at, end)}'`;
  }

  skipSpace(): void {
    while (this.pos < this.text.length && isSpace(this.text.charCodeAt(this.pos))) this.pos++;
  }

  atEnd(): boolean {
    this.skipSpace();
    return this.pos >= this.text.length;
  }

  peekChar(): string | undefined {
    this.skipSpace();
    return this.text[this.pos];
  }

  /** The next word (attribute path or keyword) without consuming it. */
  peekWord(): string {
    this.skipSpace();
    let end = this.pos;
    while (end < this.text.length && isWordChar(this.text.charCodeAt(end))) end++;
    return this.text.slice(this.pos, end);
  }

  readWord(): string {
    const word = this.peekWord();
    this.pos += word.length;
    return word;
  }

  /** The keyword (lower-cased) if the next word is exactly one of `words`. */
  peekKeyword(words: ReadonlySet<string> | string): string | undefined {
    const word = this.peekWord().toLowerCase();
    if (typeof words === "string" ? word === words : words.has(word)) return word;
    return undefined;
  }

  /** Entering one level of nesting: refused past MAX_FILTER_DEPTH before it recurses. */
  enter(): void {
    if (++this.depth > MAX_FILTER_DEPTH) {
      throw this.error(`more than ${MAX_FILTER_DEPTH} levels of nested '(', 'not' or '[' (the limit)`);
    }
  }

  // FILTER := orExp; orExp := andExp ("or" andExp)*; andExp := notExp ("and" notExp)*
  parseOr(inValuePath: boolean): Filter {
    let left = this.parseAnd(inValuePath);
    while (this.peekKeyword("or")) {
      this.readWord();
      const right = this.parseAnd(inValuePath);
      left = { kind: "or", left, right };
    }
    return left;
  }

  parseAnd(inValuePath: boolean): Filter {
    let left = this.parseNot(inValuePath);
    while (this.peekKeyword("and")) {
      this.readWord();
      const right = this.parseNot(inValuePath);
      left = { kind: "and", left, right };
    }
    return left;
  }

  parseNot(inValuePath: boolean): Filter {
    if (this.peekKeyword("not")) {
      const at = this.pos;
      this.readWord();
      // `not` followed by an operator means an attribute named "not", which no schema has.
      if (this.atEnd()) throw this.error("expected an expression after 'not'", at);
      this.enter();
      const filter = this.parseNot(inValuePath);
      this.depth--;
      return { kind: "not", filter };
    }
    return this.parsePrimary(inValuePath);
  }

  parsePrimary(inValuePath: boolean): Filter {
    const ch = this.peekChar();
    if (ch === "(") {
      const open = this.pos;
      this.enter();
      this.pos++;
      const inner = this.parseOr(inValuePath);
      if (this.peekChar() !== ")") {
        throw this.error(
          `expected ')' to close the '(' at position ${open + 1}, found ${this.found()}`,
        );
      }
      this.pos++;
      this.depth--;
      return inner;
    }
    if (ch === undefined) throw this.error("expected an attribute name, found end of filter");
    const start = this.pos;
    const path = this.parseAttrPath();
    if (this.peekChar() === "[") {
      if (inValuePath) {
        throw this.error("value filters cannot be nested inside another value filter");
      }
      if (path.sub !== undefined) {
        throw this.error(
          `a value filter applies to a multi-valued attribute, not to the sub-attribute '${path.attr}.${path.sub}'`,
          start,
        );
      }
      const filter = this.parseValueFilter();
      // Entra ID's `emails[type eq "work"].value eq "x"` (see the header comment).
      if (this.text[this.pos] === ".") {
        const subAt = this.pos;
        this.pos++;
        const sub = this.readWord();
        if (!ATTR_NAME.test(sub)) {
          throw this.error(`expected a sub-attribute name after '].', found ${this.found(subAt + 1)}`, subAt + 1);
        }
        const rest = this.parseOperatorAndValue({ attr: sub }, subAt);
        return { kind: "valuePath", path, filter: { kind: "and", left: filter, right: rest } };
      }
      return { kind: "valuePath", path, filter };
    }
    return this.parseOperatorAndValue(path, start);
  }

  /** `[` valFilter `]`, with `pos` at the `[`. */
  parseValueFilter(): Filter {
    const open = this.pos;
    this.enter();
    this.pos++;
    if (this.peekChar() === "]") throw this.error("empty value filter '[]'", open);
    const filter = this.parseOr(true);
    if (this.peekChar() !== "]") {
      throw this.error(
        `expected ']' to close the '[' at position ${open + 1}, found ${this.found()}`,
      );
    }
    this.pos++;
    this.depth--;
    return filter;
  }

  parseOperatorAndValue(path: AttrPath, pathAt: number): Filter {
    if (++this.terms > MAX_FILTER_TERMS) {
      throw this.error(`more than ${MAX_FILTER_TERMS} comparisons (the limit); split the query`, pathAt);
    }
    this.skipSpace();
    const opAt = this.pos;
    const op = this.peekWord().toLowerCase();
    if (op === "pr") {
      this.readWord();
      return { kind: "present", path };
    }
    if (!COMPARE_OPS.has(op)) {
      const name = this.text.slice(pathAt, opAt).trim();
      throw this.error(`expected an operator (${OP_LIST}) after '${name}', found ${this.found()}`);
    }
    this.readWord();
    const value = this.parseValue(op);
    return { kind: "compare", path, op: op as CompareOp, value };
  }

  /** compValue = false / null / true / number / string (JSON, RFC 7159). */
  parseValue(op: string): CompValue {
    this.skipSpace();
    const at = this.pos;
    const ch = this.text[at];
    if (ch === '"') return this.parseString();
    if (ch !== undefined && (ch === "-" || (ch >= "0" && ch <= "9"))) return this.parseNumber();
    const word = this.peekWord();
    const lower = word.toLowerCase();
    if (lower === "true" || lower === "false" || lower === "null") {
      this.pos += word.length;
      return lower === "true" ? true : lower === "false" ? false : null;
    }
    throw this.error(
      `expected a value after '${op}' (a string in double quotes, a number, true, false or null), found ${this.found()}`,
    );
  }

  parseString(): string {
    const start = this.pos;
    let i = start + 1;
    while (i < this.text.length) {
      const c = this.text.charCodeAt(i);
      if (c === 34) break; // "
      if (c === 92) i++; // backslash: skip the escaped character
      i++;
    }
    if (i >= this.text.length) {
      throw this.error("unterminated string: missing closing '\"'", start);
    }
    const raw = this.text.slice(start, i + 1);
    this.pos = i + 1;
    try {
      return JSON.parse(raw) as string;
    } catch {
      throw this.error(`invalid JSON string ${raw} (check its escapes)`, start);
    }
  }

  parseNumber(): number {
    const start = this.pos;
    const match = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
    match.lastIndex = start;
    const m = match.exec(this.text);
    const end = m ? start + m[0].length : start;
    if (!m || (end < this.text.length && isWordChar(this.text.charCodeAt(end)))) {
      throw this.error(`invalid number ${this.found(start)}`, start);
    }
    this.pos = end;
    return Number(m[0]);
  }

  /** attrPath = [URI ":"] ATTRNAME *1subAttr */
  parseAttrPath(): AttrPath {
    this.skipSpace();
    const at = this.pos;
    const word = this.readWord();
    if (word === "") {
      throw this.error(`expected an attribute name, found ${this.found(at)}`, at);
    }
    return this.splitAttrPath(word, at, false);
  }

  /**
   * Splits `urn:…:User:name.familyName` into schema, attribute and sub-attribute. The URN
   * itself contains ':' and '.', so a known schema id is matched first; an unknown URN is
   * split at its last ':' and left for resolution to reject by name.
   */
  splitAttrPath(word: string, at: number, allowBareSchema: boolean): AttrPath {
    let schema: string | undefined;
    let rest = word;
    if (word.slice(0, 4).toLowerCase() === "urn:") {
      const known = schemaById(word);
      if (known) {
        if (allowBareSchema) return { schema: known.id, attr: "" };
        throw this.error(
          `'${word}' is a schema; name one of its attributes, e.g. '${known.id}:${known.attributes[0]?.name ?? "attribute"}'`,
          at,
        );
      }
      // A known schema id (case-insensitive, normalised to its canonical spelling), else
      // everything up to the last ':'.
      const prefix = knownSchemaPrefix(word);
      const cut = prefix?.end ?? word.lastIndexOf(":");
      schema = prefix?.id ?? word.slice(0, cut);
      rest = word.slice(cut + 1);
      if (rest === "") throw this.error(`expected an attribute name after the schema '${schema}'`, at + word.length);
    } else if (word.includes(":")) {
      throw this.error(`invalid attribute name '${word}' (a schema-qualified name starts with 'urn:')`, at);
    }
    const parts = rest.split(".");
    const attr = parts[0] ?? "";
    const sub = parts[1];
    if (parts.length > 2) {
      throw this.error(`invalid attribute path '${word}': only one level of sub-attribute is allowed`, at);
    }
    if (!ATTR_NAME.test(attr) || (sub !== undefined && !ATTR_NAME.test(sub))) {
      throw this.error(`invalid attribute name '${word}'`, at);
    }
    return {
      ...(schema !== undefined ? { schema } : {}),
      attr,
      ...(sub !== undefined ? { sub } : {}),
    };
  }
}

/** The known schema id prefixing `word` and the position of the ':' after it. */
function knownSchemaPrefix(word: string): { id: string; end: number } | undefined {
  // Try each ':' from the right: the longest matching id wins.
  for (let i = word.lastIndexOf(":"); i > 0; i = word.lastIndexOf(":", i - 1)) {
    const schema = schemaById(word.slice(0, i));
    if (schema) return { id: schema.id, end: i };
  }
  return undefined;
}

/**
 * Parses an RFC 7644 §3.4.2.2 filter. Throws `scimErrors.invalidFilter` whose detail
 * names the problem and its 1-based position.
 */
export function parseFilter(text: string): Filter {
  if (text.length > MAX_FILTER_LENGTH) {
    throw scimErrors.invalidFilter(
      `The filter is ${text.length} characters long; the limit is ${MAX_FILTER_LENGTH}. Split the query.`,
    );
  }
  const parser = new Parser(text, scimErrors.invalidFilter, "filter");
  if (parser.atEnd()) throw scimErrors.invalidFilter("The filter is empty.");
  const filter = parser.parseOr(false);
  if (!parser.atEnd()) {
    const ch = parser.text[parser.pos];
    const hint =
      ch === ")"
        ? "an unmatched ')'"
        : ch === "]"
          ? "an unmatched ']'"
          : `${parser.found()} where 'and', 'or' or the end of the filter was expected`;
    throw parser.error(`found ${hint}`);
  }
  return filter;
}

/**
 * Parses an RFC 7644 §3.5.2 PATCH path: `attrPath / valuePath [ "." subAttr ]`, e.g.
 * `members`, `name.familyName`, `members[value eq "…"]`, `emails[type eq "work"].value`,
 * `urn:…:enterprise:2.0:User:manager`. A bare schema URN (`urn:…:enterprise:2.0:User`),
 * which clients use to address a whole extension, yields `{ schema, attr: "" }`.
 * Throws `scimErrors.invalidPath`.
 */
export function parsePatchPath(text: string): PatchPath {
  if (text.length > MAX_PATH_LENGTH) {
    throw scimErrors.invalidPath(`The PATCH path is ${text.length} characters long; the limit is ${MAX_PATH_LENGTH}.`);
  }
  const parser = new Parser(text, scimErrors.invalidPath, "path");
  if (parser.atEnd()) throw scimErrors.invalidPath("The PATCH path is empty.");
  parser.skipSpace();
  const at = parser.pos;
  const word = parser.readWord();
  if (word === "") throw parser.error(`expected an attribute name, found ${parser.found(at)}`, at);
  const path = parser.splitAttrPath(word, at, true);
  const result: PatchPath = { path };
  if (parser.text[parser.pos] === "[") {
    if (path.attr === "") throw parser.error("a value filter needs an attribute before '['");
    if (path.sub !== undefined) {
      throw parser.error(
        `a value filter applies to a multi-valued attribute, not to the sub-attribute '${path.attr}.${path.sub}'`,
        at,
      );
    }
    // Errors inside the value filter are path errors too (RFC 7644 §3.5.2: invalidPath).
    result.filter = parser.parseValueFilter();
    if (parser.text[parser.pos] === ".") {
      const subAt = parser.pos + 1;
      parser.pos++;
      const sub = parser.readWord();
      if (!ATTR_NAME.test(sub)) {
        throw parser.error(`expected a sub-attribute name after '].', found ${parser.found(subAt)}`, subAt);
      }
      result.subAttr = sub;
    }
  }
  if (!parser.atEnd()) {
    throw parser.error(`unexpected ${parser.found()} after the path`);
  }
  return result;
}
