/**
 * The parsed form of RFC 7644 §3.4.2.2 filters and §3.5.2 PATCH paths. Attribute names
 * are kept as written; resolution against the schemas (case-insensitive) happens later.
 */
export type CompareOp = "eq" | "ne" | "co" | "sw" | "ew" | "gt" | "ge" | "lt" | "le";

export type CompValue = string | number | boolean | null;

/** `urn:…:User:name.familyName` → { schema: "urn:…:User", attr: "name", sub: "familyName" } */
export interface AttrPath {
  schema?: string;
  attr: string;
  sub?: string;
}

export type Filter =
  | { kind: "compare"; path: AttrPath; op: CompareOp; value: CompValue }
  | { kind: "present"; path: AttrPath }
  | { kind: "and"; left: Filter; right: Filter }
  | { kind: "or"; left: Filter; right: Filter }
  | { kind: "not"; filter: Filter }
  /** `emails[type eq "work" and value co "@acme"]`: filter applies to each element. */
  | { kind: "valuePath"; path: AttrPath; filter: Filter };

/** RFC 7644 §3.5.2: PATH = attrPath / valuePath [subAttr] */
export interface PatchPath {
  path: AttrPath;
  /** The value filter of `members[value eq "…"]`. */
  filter?: Filter;
  /** The sub-attribute after a value filter: `emails[type eq "work"].value`. */
  subAttr?: string;
}
