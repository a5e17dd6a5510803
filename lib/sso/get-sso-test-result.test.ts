import { describe, expect, it } from "vitest";
import { openTestDatabase } from "@/db/client";
import { recordActivity } from "@/lib/activity/record-activity";
import { getSsoTestResult } from "./get-sso-test-result";
import { SSO_TEST_ACTION, type SsoTestResult } from "./sso-test-result";

describe("getSsoTestResult", () => {
  it("reads a test's result by its activity id, and nothing else", async () => {
    const db = await openTestDatabase();
    const result: SsoTestResult = {
      protocol: "saml",
      ok: true,
      error: null,
      subject: "ada@acme.example",
      email: "ada@acme.example",
      attributes: { firstName: ["Ada"] },
      checks: [{ name: "Signature", ok: true, detail: "Signed with CN=idp" }],
      wouldSignIn: "Signs in ada@acme.example (Member)",
      testedBy: "it@acme.example",
      at: 1,
    };
    await recordActivity(db, { kind: "auth", actor: "it@acme.example", action: SSO_TEST_ACTION, details: result as unknown as Record<string, unknown> });
    await recordActivity(db, { kind: "settings", actor: "a", action: "settings.sso-saml", details: { entityId: "x" } });
    const [test, other] = await db.rows<{ id: number }>('SELECT id AS "id" FROM activity');
    expect(await getSsoTestResult(db, test!.id)).toEqual({ ...result, id: test!.id });
    expect(await getSsoTestResult(db, other!.id)).toBeUndefined();
    expect(await getSsoTestResult(db, 999)).toBeUndefined();
  });
});
