import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "@playwright/test";
import { SCREENS_DIR, WIDTHS } from "../support/screenshots";

/**
 * An open dialog at each width. A modal is fixed to the viewport, so a full-page shot
 * would show it over the wrong part of the page: this captures the viewport instead.
 */
export async function snapshotDialog(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENS_DIR, { recursive: true });
  const original = page.viewportSize();
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: join(SCREENS_DIR, `${name}-${width}.png`) });
  }
  if (original) await page.setViewportSize(original);
}
