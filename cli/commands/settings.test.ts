/**
 * The two settings once both called "auto-upgrade" (docs/product.md §4), through the real CLI
 * program on its own database: new names in help and output, the old words still accepted.
 */
import { describe, expect, it } from "vitest";
import { cliHarness } from "../cli-test-support";

async function withPlan() {
  const harness = cliHarness();
  await harness.json("plan", "set", "--name", "Acme", "--primary-email", "it@acme.example");
  return harness;
}

describe("settings set", () => {
  it("lists the two settings by their new names only", async () => {
    const { text } = cliHarness();
    const help = await text("--help");
    expect(help).toContain("settings set contributor-auto-upgrade on|off");
    expect(help).toContain("settings set provisional-policy admin-approval|upgrade-to-member");
    expect(help).not.toMatch(/settings set auto-upgrade|admin-approval\|auto-upgrade/);
  });

  it("sets Contributor auto-upgrade by its new name and by the old one", async () => {
    const { json, text } = await withPlan();
    expect(await text("settings", "set", "contributor-auto-upgrade", "off")).toBe("Contributor auto-upgrade is off\n");
    expect(await json("settings", "set", "auto-upgrade", "on")).toMatchObject({ autoUpgrade: true });
    expect(await text("settings", "set", "auto-upgrade", "off")).toBe("Contributor auto-upgrade is off\n");
    expect(await json("settings", "show")).toMatchObject({ autoUpgrade: false });
  });

  it("sets the Provisional Member policy with upgrade-to-member, and still with the old auto-upgrade", async () => {
    const { json, text, fails } = await withPlan();
    expect(await text("settings", "set", "provisional-policy", "upgrade-to-member")).toBe(
      "Provisional Member policy is upgrade to Member (when a review period ends, the Provisional Member becomes a Member)\n",
    );
    expect(await json("settings", "show")).toMatchObject({ provisionalPolicy: "auto-upgrade" });
    expect(await text("settings", "set", "provisional-policy", "admin-approval")).toMatch(
      /^Provisional Member policy is admin approval/,
    );
    expect(await json("settings", "set", "provisional-policy", "auto-upgrade")).toMatchObject({ provisionalPolicy: "auto-upgrade" });
    await fails(
      /^error: command-argument value 'sometimes' is invalid for argument 'policy'\. Allowed choices are admin-approval, upgrade-to-member\./,
      "settings",
      "set",
      "provisional-policy",
      "sometimes",
    );
  });
});
