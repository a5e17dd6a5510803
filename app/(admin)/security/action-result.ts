/** What every Security & Controls server action returns: data, or a message a person can act on. */
export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: string };
