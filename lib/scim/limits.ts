/**
 * The size limits of SCIM input, in one place (issue 11, items 9 and 10). Each is checked
 * while the input is parsed (a counter or a length test, never an extra pass), and a
 * request past one is a 400 naming the limit, not a 500 or a slow query.
 *
 * The numbers leave an order of magnitude above what Okta and Entra ID send (their
 * filters are one `eq` term; their paths name one attribute, at most with a one-term value
 * filter; their longest strings are Entra's extension attributes, 256 characters).
 */

/**
 * Characters in a filter (query string or POST /.search). 200 terms of an `id eq "<uuid>"`
 * list take about 10,000; the URL of a GET is bounded near 16 KB by node:http anyway.
 */
export const MAX_FILTER_LENGTH = 10_000;

/**
 * Attribute comparisons (`eq`, `pr`, …) in one filter or PATCH path. SQLite refuses an
 * expression tree deeper than 1,000 ("Expression tree is too large"), and an `and`/`or`
 * chain compiles to one level a term, so the bound must stay well below that.
 */
export const MAX_FILTER_TERMS = 200;

/**
 * Nesting of `(`, `not` and `[` in one filter or path. The parser, the evaluator and the
 * SQL compiler recurse once a level (JavaScript overflowed its stack near 5,000); no
 * client needs more than a few.
 */
export const MAX_FILTER_DEPTH = 32;

/**
 * Names in `attributes` or `excludedAttributes`. A User has about 80 attribute and
 * sub-attribute paths in all; each name is matched against every returned resource, so
 * 100,000 names in a POST /.search body took over a second.
 */
export const MAX_ATTRIBUTE_NAMES = 200;

/** Characters in a PATCH path: an attribute name, a URN and a short value filter. */
export const MAX_PATH_LENGTH = 1_024;

/** Characters in a string attribute value (`userName`, `displayName`, `title`, …). */
export const MAX_STRING_LENGTH = 1_024;

/**
 * An email address: RFC 5321 §4.5.3.1.3 bounds a path at 256 octets including the angle
 * brackets, so a mailbox is at most 254 (RFC 3696 errata 1690).
 */
export const MAX_EMAIL_LENGTH = 254;

/** A reference (`$ref`, `profileUrl`, photo URLs): browsers' practical URL limit. */
export const MAX_REFERENCE_LENGTH = 2_048;

/** A binary value (base64): an X.509 certificate is 1–3 KB, a short chain under 16 KB. */
export const MAX_BINARY_LENGTH = 16_384;

/**
 * Values of one multi-valued attribute of a User (`emails`, `roles`, `phoneNumbers`, …).
 * Okta sends one role entry per app role; 100 is far past any real assignment.
 */
export const MAX_MULTI_VALUES = 100;

/**
 * Operations in one PATCH body. Okta and Entra send one to a few dozen (Entra one per
 * changed attribute); each operation is checked and applied in turn, so without a bound a
 * 4 MB body of 20,000 small adds to one attribute took 52 s.
 */
export const MAX_PATCH_OPERATIONS = 1_000;

/**
 * Group `members` in one request (POST, PUT, or one PATCH operation). The members are
 * never materialised in memory (lib/scim/patch.ts), so this bounds one statement batch;
 * Entra adds members in batches of a few hundred, the bench (bench/run.ts) in batches of
 * 1,000.
 */
export const MAX_MEMBERS_PER_REQUEST = 10_000;

/**
 * `startIndex` is clamped to this (RFC 7644 §3.4.2.4 clamps it below at 1 and `count` to
 * [0, maxResults]; it sets no upper bound): the largest integer a JavaScript number and
 * SQLite's OFFSET both hold exactly. Only decimal integers are read: `1e300` is a 400
 * invalidValue, not a page at startIndex 1e+300.
 */
export const MAX_START_INDEX = Number.MAX_SAFE_INTEGER;
