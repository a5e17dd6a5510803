/**
 * The Admin Center's name search columns, derived from the name columns: `users.name_norm`
 * (the display name, else "given family") and `users.family_name_norm`, lower-cased in
 * JavaScript like every other *_norm column. One definition for the writers and for
 * filling rows a migration added the columns to (fill-name-norms.ts): SQLite's own lower()
 * folds ASCII only, so a migration cannot compute these with built-ins.
 */
export interface NameNorms {
  nameNorm: string | null;
  familyNameNorm: string | null;
}

export function nameNormsOf(displayName: string | null, givenName: string | null, familyName: string | null): NameNorms {
  const name = displayName ?? `${givenName ?? ""} ${familyName ?? ""}`.trim();
  return { nameNorm: name === "" ? null : name.toLowerCase(), familyNameNorm: familyName?.toLowerCase() ?? null };
}
