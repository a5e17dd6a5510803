import { z } from "zod";
import { inTransaction, type Db } from "@/db/client";
import { parseInput } from "@/lib/parse-input";
import { requirePlan } from "@/lib/plan/get-plan";
import { checkDiPreconditions } from "./check-di-preconditions";
import { listPendingSeatChanges, type ReevaluationPreview } from "./preview-reevaluation";
import { withUserNames, type SeatChange } from "./sync-user-seats";
import { csvLine } from "@/lib/csv";

/**
 * Which changes a page lists: `down` (paid seats removed, what an admin must check first),
 * `up`, or `all` (downgrades first, then upgrades: the order of the whole list and the CSV).
 */
export const PREVIEW_DIRECTIONS = ["down", "up", "all"] as const;
export type PreviewDirection = (typeof PREVIEW_DIRECTIONS)[number];

export const MAX_PREVIEW_PAGE_SIZE = 100;

export const previewPageSchema = z.object({
  direction: z.enum(PREVIEW_DIRECTIONS, { error: "direction must be down, up or all" }).default("all"),
  page: z.number({ error: "page must be a whole number from 1" }).int("page must be a whole number from 1").min(1, "page must be a whole number from 1").default(1),
  pageSize: z
    .number({ error: `the page size must be a whole number from 1 to ${MAX_PREVIEW_PAGE_SIZE}` })
    .int(`the page size must be a whole number from 1 to ${MAX_PREVIEW_PAGE_SIZE}`)
    .min(1, `the page size must be a whole number from 1 to ${MAX_PREVIEW_PAGE_SIZE}`)
    .max(MAX_PREVIEW_PAGE_SIZE, `the page size must be a whole number from 1 to ${MAX_PREVIEW_PAGE_SIZE}`)
    .default(20),
});
export type PreviewPage = z.input<typeof previewPageSchema>;

export interface DirectoryIntegrationPreview extends ReevaluationPreview {
  /** Unmet preconditions (each says what to do); empty when DI can be turned on. */
  unmet: string[];
  /** Whether DI is on now: then this is what a re-evaluation would change, not turning DI on. */
  diEnabled: boolean;
  direction: PreviewDirection;
  /** 1-based; past the last page, the last page. */
  page: number;
  pageSize: number;
  /** Pages of `direction` (at least 1, even when it has no change). */
  pages: number;
  /** Changes in `direction`, over every page. */
  matching: number;
}

/** Rows [start, end) of `down` followed by `up`, without copying either. */
function sliceOfBoth(down: readonly SeatChange[], up: readonly SeatChange[], start: number, end: number): SeatChange[] {
  return [...down.slice(start, end), ...up.slice(Math.max(0, start - down.length), Math.max(0, end - down.length))];
}

/**
 * docs/product.md §3: what turning DI on (or a re-evaluation) would change, and what still
 * stops it; written nowhere. The counts cover every user; `changes` is one page of one
 * direction, so a plan of 100,000 users never sends them all to the browser.
 */
export async function previewDirectoryIntegration(db: Db, options: { now: number } & PreviewPage): Promise<DirectoryIntegrationPreview> {
  const { direction, page, pageSize } = parseInput(previewPageSchema, {
    direction: options.direction,
    page: options.page,
    pageSize: options.pageSize,
  });
  return inTransaction(
    db,
    async (tx) => {
      const plan = await requirePlan(tx);
      const unmet = (await checkDiPreconditions(tx, plan))
        .filter((p) => !p.met)
        .map((p) => p.message);
      // Decided again only after a seat input changed (listPendingSeatChanges); names are read for the page.
      const { total, down, up } = await listPendingSeatChanges(tx, options.now);
      const matching = direction === "down" ? down.length : direction === "up" ? up.length : down.length + up.length;
      const pages = Math.max(1, Math.ceil(matching / pageSize));
      const shown = Math.min(page, pages);
      const [start, end] = [(shown - 1) * pageSize, shown * pageSize];
      const slice =
        direction === "down" ? down.slice(start, end) : direction === "up" ? up.slice(start, end) : sliceOfBoth(down, up, start, end);
      return {
        unmet,
        diEnabled: plan.diEnabled,
        upgrades: up.length,
        downgrades: down.length,
        unchanged: total - up.length - down.length,
        direction,
        page: shown,
        pageSize,
        pages,
        matching,
        changes: await withUserNames(tx, slice),
      };
    },
    "deferred",
  );
}

export interface PreviewCsvRow {
  direction: "down" | "up";
  change: SeatChange;
}

/** Names are read this many users at a time while the CSV streams. */
const NAME_BATCH = 500;

/**
 * Every change of the preview, downgrades first, for the CSV download: the decisions are
 * made once, then rows are handed out in batches with their names, as the response reads them.
 */
export async function* listPreviewChanges(db: Db, now: number): AsyncGenerator<PreviewCsvRow> {
  const { down, up } = await listPendingSeatChanges(db, now);
  for (const [direction, list] of [["down", down], ["up", up]] as const) {
    for (let start = 0; start < list.length; start += NAME_BATCH) {
      for (const change of await withUserNames(db, list.slice(start, start + NAME_BATCH))) yield { direction, change };
    }
  }
}


export const PREVIEW_CSV_HEADER = ["Change", "User", "Display name", "From", "To", "Why", "User ID"] as const;

/** The whole preview as CSV lines (a BOM first, so spreadsheets read UTF-8), downgrades first. */
export async function* exportPreviewCsv(db: Db, now: number): AsyncGenerator<string> {
  yield `\uFEFF${csvLine(PREVIEW_CSV_HEADER)}`;
  for await (const { direction, change } of listPreviewChanges(db, now)) {
    yield csvLine([
      direction === "down" ? "Down" : "Up",
      change.userName,
      change.displayName,
      change.from,
      change.to,
      change.reason,
      change.userId,
    ]);
  }
}
