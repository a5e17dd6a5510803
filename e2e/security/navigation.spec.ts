import { signIn } from "../support/admin";
import { runCli } from "../support/cli";
import { snapshot } from "../support/screenshots";
import { expect, test } from "../support/test";
import { ensureDiOn } from "./security-state";

const PAGES = [
  { link: "Overview", path: "/security", region: "Setup checklist", title: "Security & Controls · Admin Center" },
  { link: "Directory Integration", path: "/security/directory", region: "Directory Integration", title: "Directory Integration · Security & Controls · Admin Center" },
  { link: "Domains", path: "/security/domains", region: "Domains", title: "Domains · Security & Controls · Admin Center" },
  { link: "SCIM tokens", path: "/security/tokens", region: "SCIM API tokens", title: "SCIM tokens · Security & Controls · Admin Center" },
  { link: "Plan switches", path: "/security/plan", region: "Plan switches", title: "Plan switches · Security & Controls · Admin Center" },
  { link: "Single sign-on", path: "/security/sso", region: "Single sign-on", title: "Single sign-on · Security & Controls · Admin Center" },
  { link: "Held changes", path: "/security/held-changes", region: "Mass-deactivation breaker", title: "Held changes · Security & Controls · Admin Center" },
  { link: "Adoption", path: "/security/adoption", region: "People who were on the plan before SCIM", title: "Adoption · Security & Controls · Admin Center" },
  { link: "Webhooks", path: "/security/webhooks", region: "Webhooks", title: "Webhooks · Security & Controls · Admin Center" },
];

test("Security & Controls has a sub-page per area, the current one marked in its navigation", async ({ page }) => {
  await ensureDiOn();
  await signIn(page, "/security");
  const subNav = page.getByRole("navigation", { name: "Security & Controls" });
  await expect(subNav.getByRole("link")).toHaveText(PAGES.map((p) => p.link));
  for (const target of PAGES) {
    await subNav.getByRole("link", { name: target.link, exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`${target.path.replace(/\//g, "\\/")}$`));
    await expect(page).toHaveTitle(target.title);
    await expect(page.getByRole("region", { name: target.region })).toBeVisible();
    await expect(subNav.getByRole("link", { name: target.link, exact: true })).toHaveAttribute("aria-current", "page");
    await expect(subNav.locator('[aria-current="page"]')).toHaveCount(1);
    // The shell's own navigation keeps Security & Controls current on every sub-page.
    await expect(
      page.getByRole("navigation", { name: "Admin Center" }).getByRole("link", { name: "Security & Controls" }),
    ).toHaveAttribute("aria-current", "page");
    await snapshot(page, `security-page-${target.path.split("/")[2] ?? "overview"}`);
  }
  // Only the overview holds the checklist; the others hold their own card alone.
  await expect(page.getByRole("region", { name: "Setup checklist" })).toHaveCount(0);
});

test("the overview's checklist and summary link into the sub-pages", async ({ page }) => {
  await ensureDiOn();
  await runCli(["settings", "set", "auto-upgrade", "off"]);
  await signIn(page, "/security");
  const checklist = page.getByRole("region", { name: "Setup checklist" });
  // DI on: the steps are folded away until asked for.
  await checklist.getByText("Show the steps").click();
  await expect(checklist.getByRole("link", { name: /Go to Domains \(Validate at least one domain\)/ })).toHaveAttribute("href", "/security/domains");
  await expect(checklist.getByRole("link", { name: /Go to SCIM tokens/ })).toHaveAttribute("href", "/security/tokens");
  await checklist.getByRole("link", { name: /Go to Directory Integration/ }).click();
  await expect(page).toHaveURL(/\/security\/directory$/);
  await expect(page.getByRole("switch", { name: "Directory Integration" })).toBeChecked();

  await page.goto("/security");
  const summary = page.getByRole("region", { name: "Settings" });
  await expect(summary.getByRole("listitem").filter({ hasText: "Directory Integration" })).toContainText("On");
  await summary.getByRole("link", { name: "Plan switches" }).click();
  await expect(page).toHaveURL(/\/security\/plan$/);
});

test("links to the old single page's anchors land on the sub-page that holds them", async ({ page }) => {
  await signIn(page, "/security");
  for (const [anchor, path, region] of [
    ["directory-integration", "/security/directory#directory-integration", "Directory Integration"],
    ["domains", "/security/domains#domains", "Domains"],
    ["tokens", "/security/tokens#scim-tokens", "SCIM API tokens"],
    ["scim-tokens", "/security/tokens#scim-tokens", "SCIM API tokens"],
    ["plan-switches", "/security/plan#plan-switches", "Plan switches"],
  ] as const) {
    await page.goto(`/security#${anchor}`);
    await expect(page).toHaveURL(new RegExp(`${path.replace(/\//g, "\\/")}$`));
    await expect(page.getByRole("region", { name: region })).toBeInViewport();
  }
  // A hash the overview holds itself stays put.
  await page.goto("/security#checklist");
  await expect(page).toHaveURL(/\/security#checklist$/);
  await expect(page.getByRole("region", { name: "Setup checklist" })).toBeVisible();
});
