import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { domains, type Domain } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { parseDomainName } from "./domain-name";

/** The domain row for what a person typed, or an AppError saying how to add it. */
export function findDomainOrThrow(db: Db, input: string): Domain {
  const name = parseDomainName(input);
  const found = db.select().from(domains).where(eq(domains.name, name)).get();
  if (!found) {
    throw new AppError(
      "not_found",
      `Domain ${name} has not been added: add it first (\`domain add ${name}\` or Domains in the Admin Center)`,
    );
  }
  return found;
}
