import type { Db } from "@/db/client";
import { listActivity, type ActivityPage } from "./list-activity";

/** A user page's history shows ten entries a page: seat and account changes stay above the fold. */
export const USER_HISTORY_PAGE_SIZE = 10;

/** docs/product.md §7: one user's history (the activity entries naming them), newest first, a page at a time. */
export async function listUserHistory(db: Db, options: { userId: string; page: number }): Promise<ActivityPage> {
  return listActivity(db, { userId: options.userId, page: options.page, pageSize: USER_HISTORY_PAGE_SIZE });
}
