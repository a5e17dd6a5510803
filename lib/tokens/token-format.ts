/**
 * SCIM bearer tokens look like `acscim_<43 base64url chars>` (32 random bytes). The prefix
 * makes a leaked token recognisable to people and to secret scanners.
 */
export const TOKEN_PREFIX = "acscim_";
export const TOKEN_PATTERN = /^acscim_[A-Za-z0-9_-]{43}$/;

/** At most two active tokens, so an admin can rotate without downtime (docs/product.md §6). */
export const MAX_ACTIVE_TOKENS = 2;
