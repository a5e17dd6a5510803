import { v7 as uuidv7 } from "uuid";

/**
 * Server-assigned ids: opaque, stable, case-sensitive (RFC 7643 §3.1). UUIDv7 (RFC 9562)
 * rather than v4: they sort by creation time, so a new user's or entry's id lands on the
 * last page of every index keyed by it (users, user_emails, group_members, activity by
 * user) instead of a random one, and a create writes and checkpoints fewer pages (bench:
 * POST /Users). The `uuid` package: Node 20's crypto has only v4; v11 is its last
 * release that also ships CommonJS, which tsx runs the server and the CLI as.
 */
export const newId = (): string => uuidv7();
