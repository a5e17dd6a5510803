import { describe, expect, it } from "vitest";
import { SEAT_SETTERS, SEAT_TYPES, type Role, type SeatType } from "@/db/schema";
import { SCHEMA_URNS } from "@/lib/users/schema-urns";
import okta from "./fixtures/okta-user-roles.json";
import { checkManualOverride, evaluateSeat, type SeatInput } from "./evaluate-seat";
import { decodeDirectGrants, groupGrant, readScimRoles, rolesFromScim, type RoleGrant } from "./roles";
import { DI_TRANSITIONS, UNSUPPORTED_DI_TRANSITIONS } from "./transitions";

const NOW = Date.UTC(2026, 10, 29, 12, 0, 0);
const REVIEW_ENDS = Date.UTC(2026, 11, 29, 12, 0, 0); // 2026-12-29

const scim = (...values: string[]): RoleGrant[] => rolesFromScim({ roles: values.map((value) => ({ type: value, value })) });
const group = (role: Role, name: string) => groupGrant(role, `id-${name}`, name);

const input = (over: Partial<SeatInput> = {}): SeatInput => ({
  status: "active",
  currentSeat: "Contributor",
  seatSetBy: "default",
  pendingOverride: false,
  grants: [],
  diEnabled: true,
  reviewEndsAt: null,
  now: NOW,
  ...over,
});

/** Grants that make DI want `seat` (Member or Contributor). */
const grantsFor = (seat: SeatType): RoleGrant[] => (seat === "Member" ? [group("LICENSED_USER", "Okta Licensed")] : []);

describe("docs/product.md §3.3, changes DI makes:, DI makes each one at a sync", () => {
  it.each(DI_TRANSITIONS.map((t) => [t.from, t.to] as [SeatType, SeatType]))("%s → %s", (from, to) => {
    const d = evaluateSeat(
      input({
        currentSeat: from,
        seatSetBy: from === "Provisional Member" ? "system" : "di",
        reviewEndsAt: from === "Provisional Member" ? REVIEW_ENDS : null,
        grants: grantsFor(to),
      }),
    );
    expect(d).toMatchObject({ seat: to, changed: true, managedByDi: true, diSeat: to, seatSetBy: "di" });
    expect(d.endsReview).toBe(from === "Provisional Member");
  });

  it("Contributor → Member reason names the role and the group", () => {
    expect(evaluateSeat(input({ grants: [group("LICENSED_USER", "Okta Licensed")] })).reason).toBe(
      "Member: role LICENSED_USER from group 'Okta Licensed'",
    );
  });

  it("Member → Contributor reason lists the roles left", () => {
    expect(evaluateSeat(input({ currentSeat: "Member", seatSetBy: "di", grants: scim("USER_ADMIN") })).reason).toBe(
      "Contributor: no Member role (roles: USER_ADMIN via SCIM roles)",
    );
  });

  it("Provisional Member → Member: docs/product.md §4.3", () => {
    const d = evaluateSeat(
      input({ currentSeat: "Provisional Member", seatSetBy: "system", reviewEndsAt: REVIEW_ENDS, grants: scim("GROUP_ADMIN") }),
    );
    expect(d.seat).toBe("Member");
    expect(d.reason).toBe("Member: role GROUP_ADMIN via SCIM roles");
  });
});

describe("docs/product.md §3.3, changes DI never makes:, DI never makes them", () => {
  // Every role situation DI can see: none, Member, System Admin, connector only, mixed.
  const roleSets: RoleGrant[][] = [
    [],
    scim("LICENSED_USER"),
    scim("SYSTEM_ADMIN"),
    scim("JIRA_USER"),
    [...scim("USER_ADMIN"), group("RESOURCE_VIEWER", "Viewers")],
  ];

  it.each(UNSUPPORTED_DI_TRANSITIONS.map((t) => [t.from, t.to, t.whereToAct] as const))(
    "%s → %s (where to act: %s)",
    (from, to) => {
      for (const grants of roleSets) {
        for (const pendingOverride of [false, true]) {
          const d = evaluateSeat(
            input({ currentSeat: from, grants, pendingOverride, reviewEndsAt: REVIEW_ENDS, now: REVIEW_ENDS + 1 }),
          );
          expect(d.seat).not.toBe(to);
        }
      }
    },
  );

  it("Member → Provisional Member is never made either", () => {
    for (const grants of roleSets) expect(evaluateSeat(input({ currentSeat: "Member", grants })).seat).not.toBe("Provisional Member");
  });

  it("every change the engine makes, over all inputs, is a row of the supported table", () => {
    const supported = new Set(DI_TRANSITIONS.map((t) => `${t.from}→${t.to}`));
    const seen = new Set<string>();
    for (const currentSeat of SEAT_TYPES)
      for (const status of ["active", "deactivated"] as const)
        for (const diEnabled of [true, false])
          for (const pendingOverride of [true, false])
            for (const seatSetBy of SEAT_SETTERS)
              for (const grants of roleSets)
                for (const reviewEndsAt of [null, NOW - 1, NOW + 1]) {
                  const d = evaluateSeat(input({ currentSeat, status, diEnabled, pendingOverride, seatSetBy, grants, reviewEndsAt }));
                  expect(d.changed).toBe(d.seat !== currentSeat);
                  if (d.changed) {
                    const key = `${currentSeat}→${d.seat}`;
                    expect(supported.has(key), key).toBe(true);
                    expect(diEnabled && status === "active").toBe(true);
                    seen.add(key);
                  }
                }
    expect([...seen].sort()).toEqual([...supported].sort());
  });
});

describe("docs/product.md §2: seat from roles", () => {
  it.each<[string, RoleGrant[], SeatType]>([
    ["LICENSED_USER → Member", scim("LICENSED_USER"), "Member"],
    ["GROUP_ADMIN → Member", scim("GROUP_ADMIN"), "Member"],
    ["RESOURCE_VIEWER → Member", scim("RESOURCE_VIEWER"), "Member"],
    ["System Admin → Contributor", scim("USER_ADMIN", "PAYMENT_ADMIN", "DATA_ADMIN"), "Contributor"],
    ["SYSTEM_ADMIN → Contributor", scim("SYSTEM_ADMIN"), "Contributor"],
    ["connector roles → no seat effect (Contributor)", scim("JIRA_USER", "JIRA_ADMIN", "SALESFORCE_USER", "SALESFORCE_ADMIN"), "Contributor"],
    ["no role → Contributor", [], "Contributor"],
    ["most privileged wins: admin + Member", [...scim("SYSTEM_ADMIN"), group("LICENSED_USER", "Okta Licensed")], "Member"],
    ["most privileged wins: connector + Member", [...scim("JIRA_ADMIN"), ...scim("RESOURCE_VIEWER")], "Member"],
  ])("%s", (_label, grants, seat) => {
    for (const currentSeat of ["Member", "Contributor"] as const) {
      const d = evaluateSeat(input({ currentSeat, grants }));
      expect(d.seat).toBe(seat);
      expect(d.diSeat).toBe(seat);
    }
  });

  it("most privileged wins: the reason names the Member role, wherever it is", () => {
    const d = evaluateSeat(input({ grants: [...scim("USER_ADMIN"), group("LICENSED_USER", "Okta Licensed")] }));
    expect(d.reason).toBe("Member: role LICENSED_USER from group 'Okta Licensed'");
  });

  it("connector roles alone downgrade a Member: they have no seat effect", () => {
    const d = evaluateSeat(input({ currentSeat: "Member", seatSetBy: "di", grants: [group("JIRA_USER", "Jira")] }));
    expect(d).toMatchObject({ seat: "Contributor", changed: true });
    expect(d.reason).toBe("Contributor: no Member role (roles: JIRA_USER from group 'Jira')");
  });

  it("empty role values (Okta fixture) grant nothing: Contributor", () => {
    const d = evaluateSeat(input({ currentSeat: "Member", grants: rolesFromScim(okta as Record<string, unknown>) }));
    expect(d.seat).toBe("Contributor");
    expect(d.reason).toBe("Contributor: no Member role (roles: USER_ADMIN, JIRA_USER via SCIM roles)");
  });

  it("SYSTEM_ADMIN expands: the reason lists the three roles", () => {
    expect(evaluateSeat(input({ grants: scim("SYSTEM_ADMIN") })).reason).toBe(
      "Contributor: no Member role (roles: USER_ADMIN, PAYMENT_ADMIN, DATA_ADMIN via SCIM roles)",
    );
  });

  it("roles match case-insensitively", () => {
    expect(evaluateSeat(input({ grants: scim("licensed_user") })).seat).toBe("Member");
  });

  it.each([true, "true", "True"])("extension boolean smartsheetLicensedUser = %j gives Member", (value) => {
    const grants = rolesFromScim({ [SCHEMA_URNS.seatUser]: { smartsheetLicensedUser: value } });
    const d = evaluateSeat(input({ grants }));
    expect(d.seat).toBe("Member");
    expect(d.reason).toBe("Member: role LICENSED_USER via smartsheetLicensedUser");
  });

  it.each([false, "false", "False"])("extension boolean smartsheetLicensedUser = %j gives nothing", (value) => {
    const grants = rolesFromScim({ [SCHEMA_URNS.seatUser]: { smartsheetLicensedUser: value } });
    expect(evaluateSeat(input({ currentSeat: "Member", grants })).seat).toBe("Contributor");
  });

  it("extension smartsheetSystemAdmin = \"True\" gives the System Admin roles, Contributor", () => {
    const grants = rolesFromScim({ [SCHEMA_URNS.seatUser]: { smartsheetSystemAdmin: "True" } });
    const d = evaluateSeat(input({ currentSeat: "Member", grants }));
    expect(d.seat).toBe("Contributor");
    expect(d.reason).toBe("Contributor: no Member role (roles: USER_ADMIN, PAYMENT_ADMIN, DATA_ADMIN via smartsheetSystemAdmin)");
  });

  it("group-derived roles: the reason carries the group's name", () => {
    const d = evaluateSeat(input({ grants: [group("GROUP_ADMIN", "Team Leads")] }));
    expect(d.reason).toBe("Member: role GROUP_ADMIN from group 'Team Leads'");
  });

  it("roles from the direct_roles column read as from the IdP", () => {
    expect(evaluateSeat(input({ grants: decodeDirectGrants("LICENSED_USER") })).reason).toBe(
      "Member: role LICENSED_USER from the IdP",
    );
  });

  it("no role: a plain reason", () => {
    expect(evaluateSeat(input({ currentSeat: "Member" })).reason).toBe("Contributor: no role");
  });

  it("unknown role values are mentioned in the reason", () => {
    const { grants, unknown } = readScimRoles({ roles: [{ value: "OWNER" }, { value: "LICENSED_USER" }] });
    expect(evaluateSeat(input({ grants, unknownRoles: unknown })).reason).toBe(
      "Member: role LICENSED_USER via SCIM roles; ignored unknown roles: OWNER",
    );
  });
});

describe("docs/product.md §3: what DI leaves alone", () => {
  it.each<[SeatType, string]>([
    ["Guest", "Guest: managed in Admin Center only; DI leaves Guests alone"],
    ["No Access", "No Access: set in Admin Center only; DI leaves No Access users alone"],
  ])("%s is untouched, whatever the roles", (currentSeat, reason) => {
    for (const grants of [[], scim("LICENSED_USER"), scim("SYSTEM_ADMIN")]) {
      for (const pendingOverride of [false, true]) {
        const d = evaluateSeat(input({ currentSeat, grants, pendingOverride, seatSetBy: "admin" }));
        expect(d).toEqual({
          seat: currentSeat,
          changed: false,
          managedByDi: false,
          diSeat: null,
          reason,
          clearsPendingOverride: false,
          seatSetBy: "admin",
          endsReview: false,
        });
      }
    }
  });

  it.each<SeatType>(SEAT_TYPES)("a deactivated %s is untouched", (currentSeat) => {
    for (const grants of [[], scim("LICENSED_USER")]) {
      const d = evaluateSeat(input({ status: "deactivated", currentSeat, grants, pendingOverride: true }));
      expect(d).toMatchObject({ seat: currentSeat, changed: false, managedByDi: false, diSeat: null, clearsPendingOverride: false });
      expect(d.reason).toMatch(/^Deactivated: /);
    }
  });

  it("DI never downgrades a Provisional Member: kept until the review ends", () => {
    const d = evaluateSeat(
      input({ currentSeat: "Provisional Member", seatSetBy: "system", reviewEndsAt: REVIEW_ENDS, grants: scim("USER_ADMIN") }),
    );
    expect(d).toEqual({
      seat: "Provisional Member",
      changed: false,
      managedByDi: true,
      diSeat: "Provisional Member",
      reason: "Provisional Member kept: DI never downgrades a Provisional Member; the review period ends 29 Dec 2026",
      clearsPendingOverride: false,
      seatSetBy: "system",
      endsReview: false,
    });
  });

  it("a Provisional Member whose review ended is still not downgraded by DI (the policy job does that)", () => {
    const d = evaluateSeat(input({ currentSeat: "Provisional Member", reviewEndsAt: NOW - 1 }));
    expect(d.seat).toBe("Provisional Member");
    expect(d.reason).toMatch(/the review period ended 29 Nov 2026 and awaits the plan's Provisional Member policy$/);
  });

  it("a Provisional Member without a review period is kept too", () => {
    const d = evaluateSeat(input({ currentSeat: "Provisional Member", reviewEndsAt: null }));
    expect(d.seat).toBe("Provisional Member");
    expect(d.reason).toMatch(/an admin decides their seat$/);
  });
});

describe("docs/product.md §3: DI off changes nothing", () => {
  it.each<[SeatType, RoleGrant[], SeatType]>([
    ["Contributor", scim("LICENSED_USER"), "Member"],
    ["Member", [], "Contributor"],
    ["Provisional Member", scim("LICENSED_USER"), "Member"],
    ["Provisional Member", [], "Provisional Member"],
    ["Member", scim("LICENSED_USER"), "Member"],
  ])("%s stays, DI would set %s", (currentSeat, grants, diSeat) => {
    const d = evaluateSeat(input({ diEnabled: false, currentSeat, grants, pendingOverride: true, seatSetBy: "admin", reviewEndsAt: REVIEW_ENDS }));
    expect(d).toMatchObject({
      seat: currentSeat,
      changed: false,
      managedByDi: false,
      diSeat,
      clearsPendingOverride: false,
      seatSetBy: "admin",
      endsReview: false,
    });
    expect(d.reason).toMatch(/^Directory Integration is off: seats are managed by hand in the Admin Center \(with DI on: /);
  });

  it("still explains the roles", () => {
    expect(evaluateSeat(input({ diEnabled: false, grants: [group("LICENSED_USER", "Okta Licensed")] })).reason).toBe(
      "Directory Integration is off: seats are managed by hand in the Admin Center (with DI on: Member: role LICENSED_USER from group 'Okta Licensed')",
    );
  });

  it("Guests stay Guests with no DI seat", () => {
    expect(evaluateSeat(input({ diEnabled: false, currentSeat: "Guest" })).diSeat).toBeNull();
  });
});

describe("docs/product.md §3: manual overrides", () => {
  it("an admin's Member for a user without a Member role is replaced at the next sync, and the flag cleared", () => {
    const d = evaluateSeat(input({ currentSeat: "Member", seatSetBy: "admin", pendingOverride: true, grants: scim("USER_ADMIN") }));
    expect(d).toMatchObject({ seat: "Contributor", changed: true, clearsPendingOverride: true, seatSetBy: "di" });
    expect(d.reason).toBe(
      "Contributor: no Member role (roles: USER_ADMIN via SCIM roles); replaces the manual change to Member by an admin",
    );
  });

  it("an admin's Contributor for a user with a Member role is replaced at the next sync", () => {
    const d = evaluateSeat(
      input({ currentSeat: "Contributor", seatSetBy: "admin", pendingOverride: true, grants: [group("LICENSED_USER", "Okta Licensed")] }),
    );
    expect(d).toMatchObject({ seat: "Member", changed: true, clearsPendingOverride: true });
    expect(d.reason).toBe("Member: role LICENSED_USER from group 'Okta Licensed'; replaces the manual change to Contributor by an admin");
  });

  it("the override is cleared when the IdP now agrees with it", () => {
    const d = evaluateSeat(input({ currentSeat: "Member", seatSetBy: "admin", pendingOverride: true, grants: scim("LICENSED_USER") }));
    expect(d).toMatchObject({ seat: "Member", changed: false, clearsPendingOverride: true, seatSetBy: "di" });
    expect(d.reason).toMatch(/; the manual change to Member by an admin now matches the IdP$/);
  });

  it("without a pending override nothing is cleared", () => {
    expect(evaluateSeat(input({ currentSeat: "Member", grants: [] })).clearsPendingOverride).toBe(false);
  });

  it("a seat an admin set while DI was off is recomputed when DI is on", () => {
    const d = evaluateSeat(input({ currentSeat: "Member", seatSetBy: "admin", grants: [] }));
    expect(d).toMatchObject({ seat: "Contributor", changed: true, clearsPendingOverride: false });
    expect(d.reason).toBe("Contributor: no role; replaces the Member seat an admin set");
  });

  describe("checkManualOverride: the warning before saving", () => {
    it("warns when DI would set something else, and says what", () => {
      const r = checkManualOverride(input({ currentSeat: "Contributor", grants: scim("USER_ADMIN") }), "Member");
      expect(r).toEqual({
        pendingOverride: true,
        diSeat: "Contributor",
        warning:
          "Directory Integration manages this user's seat and will replace Member with Contributor at the next sync (Contributor: no Member role (roles: USER_ADMIN via SCIM roles)).",
      });
    });

    it("no warning when DI would set the same seat", () => {
      const r = checkManualOverride(input({ currentSeat: "Provisional Member", grants: [] }), "Contributor");
      expect(r).toEqual({ pendingOverride: false, diSeat: "Contributor", warning: null });
    });

    it.each<SeatType>(["Guest", "No Access"])("no warning for %s: DI leaves it alone", (to) => {
      expect(checkManualOverride(input({ currentSeat: "Member", grants: scim("LICENSED_USER") }), to)).toEqual({
        pendingOverride: false,
        diSeat: null,
        warning: null,
      });
    });

    it("no warning while DI is off", () => {
      const r = checkManualOverride(input({ diEnabled: false, currentSeat: "Contributor" }), "Member");
      expect(r.pendingOverride).toBe(false);
      expect(r.warning).toBeNull();
    });
  });
});
