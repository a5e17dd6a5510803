/**
 * What a SCIM request's bodies look like once kept (issue 14 §3): secrets redacted, each body
 * capped. Runs on the SCIM hot path for every request, so the common case (an existence check,
 * a create without a password) costs one regular-expression test and no parse.
 */

/**
 * Bytes kept of each body. An IdP's user resource is 1–3 KiB (Okta's create with its extension
 * attributes is about 1.5), so a user's request and answer are whole; a 100-user page (100 KiB and
 * more) is cut, which keeps a full import's storage at most 16 KiB a request.
 */
export const SCIM_BODY_CAP_BYTES = 8 * 1024;

export const REDACTED = "[redacted]";

/**
 * Attribute names whose values are secrets. SCIM's `password` (RFC 7643 §4.1.1, writeOnly) is the one
 * the IdPs send (Okta with "Sync password", Entra never); the rest are what a custom mapping or an
 * extension may carry (an API key, a client secret, a one-time code).
 */
const SECRET_NAME = /passw|secret|token|credential|api[-_]?key|private[-_]?key/i;
/** The cheap test before any parse: no match, nothing to redact. Covers SECRET_NAME's roots. */
const MAY_HOLD_SECRET = /passw|secret|token|credential|key/i;

export interface KeptBody {
  text: string;
  /** Bytes cut off by the cap (0: whole). */
  truncated: number;
}

/** Whether an attribute name or PATCH path names a secret (`password`, `urn:…:User:password`, `PASSWORD`). */
export function namesSecret(name: string): boolean {
  const last = name.slice(name.lastIndexOf(":") + 1);
  return SECRET_NAME.test(last.split(/[.[]/)[0] ?? last) || SECRET_NAME.test(last);
}

interface Found {
  secrets: Set<string>;
  redacted: number;
}

/** `value` with every secret-named attribute's value replaced; `found` collects the secret strings. */
function redactValue(value: unknown, found: Found): unknown {
  if (Array.isArray(value)) return value.map((v) => redactValue(v, found));
  if (value === null || typeof value !== "object") return value;
  const object = value as Record<string, unknown>;
  // A PATCH operation naming a secret by its path: `{"op":"replace","path":"password","value":"…"}`.
  const path = object.path;
  const secretPath = typeof path === "string" && "op" in object && namesSecret(path);
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(object)) {
    if ((secretPath && key === "value") || namesSecret(key)) {
      collect(v, found.secrets);
      found.redacted += 1;
      out[key] = REDACTED;
    } else {
      out[key] = redactValue(v, found);
    }
  }
  return out;
}

function collect(value: unknown, found: Set<string>): void {
  if (typeof value === "string") {
    if (value.length >= 4) found.add(value);
  } else if (value !== null && typeof value === "object") {
    for (const v of Object.values(value)) collect(v, found);
  }
}

/** For a body that is not JSON (a malformed request): redact `"…password…": "…"` pairs as text. */
const SECRET_PAIR = /("[^"]*(?:passw|secret|token|credential|api[-_]?key)[^"]*"\s*:\s*)("(?:[^"\\]|\\.)*"|[^,}\]\s]+)/gi;

/**
 * `body` with its secrets redacted, and the secret strings it held (to scrub from the answer, which
 * may quote the input in an error's detail). Unchanged, with no parse, when nothing in it could be one.
 */
export function redactScimBody(body: string): { text: string; secrets: Set<string> } {
  const secrets = new Set<string>();
  if (!MAY_HOLD_SECRET.test(body)) return { text: body, secrets };
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { text: body.replace(SECRET_PAIR, `$1"${REDACTED}"`), secrets };
  }
  const found: Found = { secrets, redacted: 0 };
  const redacted = redactValue(parsed, found);
  return found.redacted === 0 ? { text: body, secrets } : { text: JSON.stringify(redacted), secrets };
}

/** `text` with each of `secrets` replaced, for an answer that may quote a redacted input. */
export function scrubSecrets(text: string, secrets: ReadonlySet<string>): string {
  let out = text;
  for (const secret of secrets) {
    if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    // JSON-escaped, as it appears inside a string of the answer.
    const escaped = JSON.stringify(secret).slice(1, -1);
    if (escaped !== secret && out.includes(escaped)) out = out.split(escaped).join(REDACTED);
  }
  return out;
}

/** `text` cut to `cap` UTF-8 bytes (never inside a character), and how many bytes were cut. */
export function capBody(text: string, cap = SCIM_BODY_CAP_BYTES): KeptBody {
  // At most 3 bytes a UTF-16 unit: a body this short is under the cap without counting.
  if (text.length * 3 <= cap) return { text, truncated: 0 };
  const bytes = Buffer.byteLength(text);
  if (bytes <= cap) return { text, truncated: 0 };
  let kept = Buffer.from(text.slice(0, cap)).subarray(0, cap).toString("utf8");
  // A character cut in half decodes as U+FFFD: drop it.
  if (kept.endsWith("\uFFFD") && !text.startsWith(kept)) kept = kept.slice(0, -1);
  return { text: kept, truncated: bytes - Buffer.byteLength(kept) };
}

/** A request's and its answer's bodies as kept: redacted, then capped (a cut never splits a secret open). */
export function keepScimBodies(
  request: string | undefined,
  response: string | undefined,
  cap = SCIM_BODY_CAP_BYTES,
): { request: KeptBody | null; response: KeptBody | null } {
  let secrets: ReadonlySet<string> = new Set();
  let req: KeptBody | null = null;
  if (request !== undefined && request !== "") {
    const redacted = redactScimBody(request);
    secrets = redacted.secrets;
    req = capBody(redacted.text, cap);
  }
  let res: KeptBody | null = null;
  if (response !== undefined && response !== "") {
    // Our answers hold only declared attributes, and none is a secret (password is returned
    // "never"; an unknown attribute is ignored, not stored), so an answer is not parsed: only
    // an error's detail may quote the input, hence the scrub of the request's secrets. A regex
    // pass over every answer cost 25 µs on a 100-user page.
    res = capBody(secrets.size > 0 ? scrubSecrets(response, secrets) : response, cap);
  }
  return { request: req, response: res };
}
