// vitest setupFiles: a wait for the SQLite connection gives up after 2 s and names the likely
// cause (db/sqlite.ts), so a data function given `db` inside a transaction fails its test at
// once rather than hanging it.
import { setStrictTransactionHandles } from "@/db/client";

setStrictTransactionHandles(true);
