/**
 * The seed's inserts, a chunk of rows per statement on PostgreSQL. There each statement is a
 * round trip to the server (about 0.1 ms here), so a row at a time made the 10,000-user seed
 * take 92 s and the 100,000-user one (1.1 million rows) about 15 minutes; SQLite runs in
 * process, where one cached single-row INSERT is as fast as a long one, and its seed stays as
 * it was (one row a statement).
 *
 * A table whose rows reference another's names it in `after`: its rows go in only once the
 * rows they reference have, as the row-by-row seed inserted them.
 */
import type { Db, SqlParam } from "@/db/client";

/** PostgreSQL's bind message counts parameters in 16 bits. */
const MAX_PARAMS = 65_535;
/** Rows a statement on PostgreSQL: past about a thousand, a longer statement saves little. */
const MAX_ROWS = 1_000;

export class BulkInsert {
  private readonly perStatement: number;
  private readonly width: number;
  private pending: SqlParam[] = [];
  private rows = 0;
  private fullText: string | undefined;

  /**
   * @param head `INSERT INTO t (a, b, c) VALUES`
   * @param tuple `(?, ?, 0)`: one row's values, placeholders and constants
   * @param after the inserts whose rows these reference: flushed first
   */
  constructor(
    private readonly tx: Db,
    private readonly head: string,
    private readonly tuple: string,
    private readonly after: BulkInsert[] = [],
  ) {
    this.width = tuple.split("?").length - 1;
    this.perStatement = tx.engine === "postgres" ? Math.min(MAX_ROWS, Math.floor(MAX_PARAMS / this.width)) : 1;
  }

  async add(...values: SqlParam[]): Promise<void> {
    if (values.length !== this.width) throw new Error(`BulkInsert: ${values.length} values for a row of ${this.width}`);
    for (const value of values) this.pending.push(value);
    if (++this.rows >= this.perStatement) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.rows === 0) return;
    for (const parent of this.after) await parent.flush();
    const text = this.rows === this.perStatement ? (this.fullText ??= this.textOf(this.rows)) : this.textOf(this.rows);
    const params = this.pending;
    this.pending = [];
    this.rows = 0;
    await this.tx.execute(text, ...params);
  }

  private textOf(rows: number): string {
    return `${this.head} ${Array.from({ length: rows }, () => this.tuple).join(", ")}`;
  }
}
