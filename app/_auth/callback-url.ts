/**
 * Where to go after signing in. Only a path on this site: an absolute or protocol-relative
 * URL (`//evil.example`) would make the sign-in page an open redirect.
 */
export function safeCallbackUrl(raw: unknown): string {
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//") || value.includes("\\")) {
    return "/";
  }
  if (/^\/(sign-in|setup)(\/|\?|$)/.test(value)) return "/";
  return value;
}
