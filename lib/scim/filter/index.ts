/** The SCIM query layer: filters (RFC 7644 §3.4.2.2), PATCH paths (§3.5.2), sorting (§3.4.2.3). */
export type { AttrPath, CompareOp, CompValue, Filter, PatchPath } from "./ast";
export { parseFilter, parsePatchPath } from "./parse";
export { getAttributeCI, matchesFilter, matchesValueFilter } from "./evaluate";
export { compileFilter, compileSort, type CompiledFilter } from "./to-sql";
export { parseDateTime } from "./semantics";
