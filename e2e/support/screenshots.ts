import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "@playwright/test";

export const SCREENS_DIR = join(__dirname, "..", ".artifacts", "screens");

/** Laptop and tablet widths every screen is checked at. */
export const WIDTHS = [1280, 800] as const;

/** Full-page screenshots of the current screen at each width, for a person to look at. */
export async function snapshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENS_DIR, { recursive: true });
  const original = page.viewportSize();
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: join(SCREENS_DIR, `${name}-${width}.png`), fullPage: true });
  }
  if (original) await page.setViewportSize(original);
}
