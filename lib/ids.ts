import { randomUUID } from "node:crypto";

/** Server-assigned ids: opaque, stable, case-sensitive (RFC 7643 §3.1). */
export const newId = (): string => randomUUID();
