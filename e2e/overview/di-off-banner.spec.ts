import { signIn } from "../support/admin";
import { runCli } from "../support/cli";
import { ensureDirectoryIntegration } from "../support/directory";
import { SCIM_PATCH, scimRequest, scimUser, withScimToken } from "../support/scim";
import { snapshot } from "../support/screenshots";
import { expect, test } from "../support/test";

const deactivate = { schemas: [SCIM_PATCH], Operations: [{ op: "replace", value: { active: false } }] };

test("while DI is off every page says so with the refused requests; once on, the Overview lists whose changes to re-push", async ({
  page,
}) => {
  await ensureDirectoryIntegration();
  const run = Date.now().toString(36);
  const leaver = `leaver${run}@acme.example`;

  await withScimToken(async (token) => {
    const created = await scimRequest(token, "POST", "/Users", scimUser(leaver));
    expect(created.status).toBe(201);
    await runCli(["di", "off"]);
    try {
      // What the IdP sends meanwhile: a deactivation, an existence check and a create, all refused.
      expect((await scimRequest(token, "PATCH", `/Users/${created.json.id}`, deactivate)).status).toBe(403);
      expect((await scimRequest(token, "GET", `/Users?filter=${encodeURIComponent(`userName eq "new${run}@acme.example"`)}`)).status).toBe(403);
      expect((await scimRequest(token, "POST", "/Users", scimUser(`new${run}@acme.example`))).status).toBe(403);

      await signIn(page, "/");
      const banner = page.getByRole("region", { name: "Directory Integration is off: the identity provider cannot change anyone here" });
      // Refusals reach the log in batches: reload until all three are counted.
      await expect(async () => {
        await page.reload();
        await expect(banner).toContainText("3 requests refused since DI was turned off", { timeout: 1_000 });
      }).toPass({ timeout: 15_000 });
      await expect(banner).toContainText("(2 changes to users or groups, the rest reads)");
      await expect(banner).toContainText("people deactivated in the identity provider keep their access");
      await expect(banner).toContainText("Okta lists each refused change under Dashboard › Tasks");
      await expect(banner).toContainText("Retry Selected");
      await expect(banner).toContainText("Microsoft Entra ID retries each one about 2, 6, 12, 24, 48, 96 and 168 hours");
      await expect(banner.getByRole("link", { name: "Turn Directory Integration on" })).toHaveAttribute(
        "href",
        "/security/directory",
      );
      await expect(banner.getByRole("link", { name: "See them in Activity" })).toHaveAttribute("href", "/activity?kind=scim&status=403");
      await snapshot(page, "overview-di-off-banner");

      // Every Admin Center page, not only the Overview.
      for (const path of ["/users", "/groups", "/activity"]) {
        await page.goto(path);
        await expect(banner).toBeVisible();
      }
      await snapshot(page, "activity-di-off-banner");
    } finally {
      await runCli(["di", "on"]);
    }
  });

  await page.goto("/");
  await expect(page.getByRole("region", { name: /Directory Integration is off/ })).toHaveCount(0);
  const refused = page.getByRole("region", { name: "Changes refused while Directory Integration was off" });
  await expect(refused).toContainText("3 SCIM requests were refused");
  await expect(refused).toContainText("1 person the identity provider tried to create is not here yet");
  await expect(refused).toContainText("Retry Selected");
  const row = refused.getByRole("row", { name: new RegExp(leaver) });
  await expect(row).toContainText("1 request: update or deactivation");
  await expect(row.getByRole("link")).toHaveAttribute("href", /^\/users\//);
  await expect(refused.getByRole("link", { name: "See the refused requests" })).toHaveAttribute(
    "href",
    /^\/activity\?kind=scim&status=403&period=dates&from=\d{4}-\d{2}-\d{2}&to=\d{4}-\d{2}-\d{2}$/,
  );
  await snapshot(page, "overview-refused-while-off");
});
