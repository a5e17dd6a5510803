import { describe, expect, it } from "vitest";
import {
  activityTitle,
  actorText,
  changeText,
  failureHint,
  ignoredAttributesOf,
  isFailed,
  repeatOf,
  statusText,
  tokenLabel,
} from "./describe-activity";

const scim = { kind: "scim" as const, action: "scim.get", method: "GET", actor: "SCIM token 'Okta'", details: { token: "Okta" } };

describe("activity entries in words", () => {
  it("names the token a SCIM request used, or says there was no valid one", () => {
    expect(tokenLabel(scim)).toBe("Okta");
    expect(tokenLabel({ ...scim, actor: "unauthenticated", details: null })).toBe("No valid token");
    expect(tokenLabel({ kind: "seat", actor: "ada", details: null })).toBeNull();
    expect(actorText({ ...scim, actor: "unauthenticated", details: null })).toBe("Unauthenticated caller");
    expect(actorText({ kind: "seat", actor: "SCIM token 'Okta'", details: null })).toBe("Identity provider (SCIM token 'Okta')");
    expect(actorText({ kind: "seat", actor: "scheduler", details: null })).toBe("Scheduled job");
  });

  it("marks 4xx and 5xx as failed and explains the common ones", () => {
    expect(isFailed({ status: 401 })).toBe(true);
    expect(isFailed({ status: 399 })).toBe(false);
    expect(isFailed({ status: null })).toBe(false);
    expect(statusText(401)).toBe("Unauthorized");
    expect(statusText(418)).toBe("Client error");
    expect(statusText(599)).toBe("Server error");
    expect(failureHint({ status: 401 })).toContain("API token in Okta");
    expect(failureHint({ status: 403 })).toContain("Directory Integration is off");
    expect(failureHint({ status: 404 })).toBeNull();
  });

  it("titles actions and shows from → to", () => {
    expect(activityTitle(scim)).toBe("SCIM GET");
    expect(activityTitle({ kind: "settings", action: "settings.group-mapped", method: null })).toBe("Group mapped to a role");
    expect(activityTitle({ kind: "settings", action: "settings.something-new", method: null })).toBe("settings.something-new");
    expect(activityTitle({ kind: "user", action: "breaker.discarded", method: null })).toBe("Held change discarded (identity provider overruled)");
    expect(activityTitle({ kind: "settings", action: "settings.breaker-window-minutes", method: null })).toBe("Mass-deactivation breaker: window");
    expect(activityTitle({ kind: "user", action: "user.linked", method: null })).toBe("Linked to the identity provider");
    expect(activityTitle({ kind: "settings", action: "webhook.added", method: null })).toBe("Webhook endpoint added");
    expect(actorText({ kind: "user", actor: "SCIM token 'Okta'", details: null })).toBe("Identity provider (SCIM token 'Okta')");
    expect(changeText({ fromValue: "Member", toValue: "Contributor" })).toBe("Member → Contributor");
    expect(changeText({ fromValue: null, toValue: "Okta" })).toBe("→ Okta");
    expect(changeText({ fromValue: null, toValue: null })).toBeNull();
  });
});

describe("repeatOf and ignoredAttributesOf", () => {
  it("reads a folded row's count and last time, and nothing for a single request", () => {
    expect(repeatOf({ details: { count: 40, lastAt: 1_700_000_000_000 } })).toEqual({ count: 40, lastAt: 1_700_000_000_000 });
    expect(repeatOf({ details: { count: 1 } })).toBeNull();
    expect(repeatOf({ details: { token: "Okta" } })).toBeNull();
    expect(repeatOf({ details: null })).toBeNull();
  });

  it("lists the attribute names a write ignored", () => {
    expect(ignoredAttributesOf({ details: { ignoredAttributes: ["urn:x:costCenter", "nickName2"] } })).toEqual([
      "urn:x:costCenter",
      "nickName2",
    ]);
    expect(ignoredAttributesOf({ details: { token: "Okta" } })).toEqual([]);
  });
});
