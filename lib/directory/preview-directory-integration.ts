import { z } from "zod";
import type { Db } from "@/db/client";
import type { SeatType } from "@/db/schema";
import { parseInput } from "@/lib/parse-input";
import { requirePlan } from "@/lib/plan/get-plan";
import { checkDiPreconditions } from "./check-di-preconditions";
import type { ReevaluationPreview } from "./preview-reevaluation";
import { decideAllSeats, toSeatChange, withUserNames, type SeatChange } from "./sync-user-seats";
import { csvLine } from "@/lib/csv";

/** How much of a seat is paid: a change to a lower rank removes a paid seat (or part of one). */
const PAID: Record<SeatType, number> = { Member: 2, "Provisional Member": 1, Contributor: 0, Guest: 0, "No Access": 0 };
const isUpgrade = (c: { from: SeatType; to: SeatType }) => PAID[c.to] > PAID[c.from];

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

/**
 * Every change a full re-evaluation would make, downgrades first, each group in a stable
 * order (the seat it leaves, then the user's id), so page n always lists the same users.
 */
function orderedChanges(db: Db, now: number): { total: number; down: SeatChange[]; up: SeatChange[] } {
  const { total, decided } = decideAllSeats(db, true, now);
  const changes = decided.filter((d) => d.decision.changed).map((d) => toSeatChange(d.row, d.decision));
  const order = (a: SeatChange, b: SeatChange) =>
    PAID[b.from] - PAID[a.from] || (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0);
  return {
    total,
    down: changes.filter((c) => !isUpgrade(c)).sort(order),
    up: changes.filter(isUpgrade).sort(order),
  };
}

/**
 * docs/product.md §3: what turning DI on (or a re-evaluation) would change, and what still
 * stops it; written nowhere. The counts cover every user; `changes` is one page of one
 * direction, so a plan of 100,000 users never sends them all to the browser.
 */
export function previewDirectoryIntegration(db: Db, options: { now: number } & PreviewPage): DirectoryIntegrationPreview {
  const { direction, page, pageSize } = parseInput(previewPageSchema, {
    direction: options.direction,
    page: options.page,
    pageSize: options.pageSize,
  });
  return db.transaction(() => {
    const plan = requirePlan(db);
    const unmet = checkDiPreconditions(db, plan)
      .filter((p) => !p.met)
      .map((p) => p.message);
    const { total, down, up } = orderedChanges(db, options.now);
    const list = direction === "down" ? down : direction === "up" ? up : [...down, ...up];
    const pages = Math.max(1, Math.ceil(list.length / pageSize));
    const shown = Math.min(page, pages);
    const slice = list.slice((shown - 1) * pageSize, shown * pageSize);
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
      matching: list.length,
      changes: withUserNames(db, slice),
    };
  });
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
export function* listPreviewChanges(db: Db, now: number): Generator<PreviewCsvRow> {
  const { down, up } = orderedChanges(db, now);
  for (const [direction, list] of [["down", down], ["up", up]] as const) {
    for (let start = 0; start < list.length; start += NAME_BATCH) {
      for (const change of withUserNames(db, list.slice(start, start + NAME_BATCH))) yield { direction, change };
    }
  }
}


export const PREVIEW_CSV_HEADER = ["Change", "User", "Display name", "From", "To", "Why", "User ID"] as const;

/** The whole preview as CSV lines (a BOM first, so spreadsheets read UTF-8), downgrades first. */
export function* exportPreviewCsv(db: Db, now: number): Generator<string> {
  yield `\uFEFF${csvLine(PREVIEW_CSV_HEADER)}`;
  for (const { direction, change } of listPreviewChanges(db, now)) {
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
