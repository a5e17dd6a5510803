import type { Db } from "@/db/client";
import { columnsOf } from "@/db/columns";
import { domains, type Domain } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { parseDomainName } from "./domain-name";

/** A whole domains row, keyed as Domain. */
export const domains$ = columnsOf(domains);
export const FIND_DOMAIN_BY_NAME = `SELECT ${domains$.list} FROM domains WHERE name = ?`;

/** The domain row for what a person typed, or an AppError saying how to add it. */
export async function findDomainOrThrow(db: Db, input: string): Promise<Domain> {
  const name = parseDomainName(input);
  const found = domains$.mapOptional(await db.row(FIND_DOMAIN_BY_NAME, name));
  if (!found) {
    throw new AppError(
      "not_found",
      `Domain ${name} has not been added: add it first (\`domain add ${name}\` or Domains in the Admin Center)`,
    );
  }
  return found;
}
