import { asc } from "drizzle-orm";
import type { Db } from "@/db/client";
import { domains } from "@/db/schema";
import { toDomainView, type DomainView } from "./domain-view";

/** Every added domain, validated or not, by name. */
export function listDomains(db: Db): DomainView[] {
  return db.select().from(domains).orderBy(asc(domains.name)).all().map(toDomainView);
}
