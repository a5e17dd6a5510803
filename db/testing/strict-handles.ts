// vitest setupFiles: every test runs with the Sql seam's transaction-handle check on
// (db/client.ts), so a data function that uses the database inside a transaction fails.
import { setStrictTransactionHandles } from "@/db/client";

setStrictTransactionHandles(true);
