import { createHash, randomBytes } from "node:crypto";

/** 32 random bytes for a session cookie: the only copy of it is the browser's. */
export const newSessionSecret = (): string => randomBytes(32).toString("base64url");

/** What the session store keeps of a secret: a leaked database opens no session. */
export const hashSessionSecret = (secret: string): string => createHash("sha256").update(secret).digest("hex");

/** A working day, however active: then the person signs in again. */
export const SESSION_LIFETIME_MS = 12 * 60 * 60_000;
