import type { Engine } from "@/db/client";
import { MAX_FILTER_LENGTH } from "@/lib/scim/limits";
import { identityNorm } from "@/lib/users/email-address";
import { parseFilter } from "./parse";
import { compileFilter, type CompiledFilter } from "./to-sql";

// Okta's existence check, exactly: `userName eq "<printable ASCII, no quote or backslash>"`.
// Such a string is a valid JSON string as it stands, so parse + compile would give the same
// SQL and value (compile-user-filter.test.ts checks that they agree).
const USER_NAME_EQ = /^userName eq "([ !#-[\]-~]*)"$/i;

/**
 * A /Users filter as SQL. The existence check comes once a user an IdP pushes: its shape skips
 * the parser and the compiler (in-process, warm: 2.9 µs -> 0.9 µs a call of a ~140 µs request).
 */
export function compileUserFilter(filter: string, engine: Engine): CompiledFilter {
  // Longer ones go to the parser, which refuses them with its message.
  const match = filter.length <= MAX_FILTER_LENGTH ? USER_NAME_EQ.exec(filter) : null;
  if (match) return { sql: "users.user_name_norm = ?", params: [identityNorm(match[1]!)] };
  return compileFilter("User", parseFilter(filter), engine);
}
