import type { Db } from "@/db/client";
import { toDomainView, type DomainView } from "./domain-view";
import { domains$ } from "./find-domain";

const LIST_DOMAINS = `SELECT ${domains$.list} FROM domains ORDER BY name`;

/** Every added domain, validated or not, by name. */
export async function listDomains(db: Db): Promise<DomainView[]> {
  return (await db.rows(LIST_DOMAINS)).map((row) => toDomainView(domains$.map(row)));
}
