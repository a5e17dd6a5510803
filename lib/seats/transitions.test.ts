import { describe, expect, it } from "vitest";
import { SEAT_TYPES, type SeatType } from "@/db/schema";
import {
  ADMIN_CENTER_ONLY_TRANSITIONS,
  DI_TRANSITIONS,
  TRANSITION_MATRIX,
  UNSUPPORTED_DI_TRANSITIONS,
  canBeGuest,
  checkAdminTransition,
  emailDomain,
  explainTransition,
  isDiTransition,
  parseSeatType,
  type TransitionWhere,
} from "./transitions";

const pairs = SEAT_TYPES.flatMap((from) => SEAT_TYPES.map((to) => [from, to] as [SeatType, SeatType]));

describe("docs/product.md §3.3: the changes DI makes", () => {
  // One row per line of the table in docs/product.md §3.3, in its order.
  const rows: [SeatType, SeatType][] = [
    ["Contributor", "Member"],
    ["Provisional Member", "Member"],
    ["Member", "Contributor"],
  ];

  it("DI_TRANSITIONS is exactly that table", () => {
    expect(DI_TRANSITIONS.map((t) => [t.from, t.to])).toEqual(rows);
  });

  it.each(rows)("%s → %s is made by Directory Integration, and an admin may also make it", (from, to) => {
    expect(isDiTransition(from, to)).toBe(true);
    expect(explainTransition(from, to).where).toBe("Directory Integration");
    expect(checkAdminTransition(from, to)).toEqual({ allowed: true });
  });

  it("no other pair is a DI transition", () => {
    const di = pairs.filter(([f, t]) => isDiTransition(f, t));
    expect(di).toEqual(expect.arrayContaining(rows));
    expect(di).toHaveLength(rows.length);
  });
});

describe("docs/product.md §3.3: the changes DI never makes, with where to act", () => {
  // One row per line of the table in docs/product.md §3.3, in its order.
  const rows: [SeatType, SeatType, TransitionWhere, boolean][] = [
    ["Provisional Member", "Contributor", "Admin Center", true],
    ["Contributor", "No Access", "Admin Center", true],
    ["Contributor", "Provisional Member", "System-triggered only", false],
    ["Provisional Member", "No Access", "Admin Center", true],
    ["Member", "No Access", "Admin Center", true],
  ];

  it("UNSUPPORTED_DI_TRANSITIONS is exactly that table", () => {
    expect(UNSUPPORTED_DI_TRANSITIONS.map((t) => [t.from, t.to, t.whereToAct])).toEqual(
      rows.map(([f, t, w]) => [f, t, w]),
    );
  });

  it.each(rows)("%s → %s: %s (admin may make it: %s)", (from, to, where, adminAllowed) => {
    expect(isDiTransition(from, to)).toBe(false);
    expect(explainTransition(from, to).where).toBe(where);
    const check = checkAdminTransition(from, to);
    if (adminAllowed) {
      expect(check).toEqual({ allowed: true });
    } else {
      expect(check).toMatchObject({ allowed: false, where });
    }
  });

  it("Contributor → Provisional Member explains it is system-triggered", () => {
    const check = checkAdminTransition("Contributor", "Provisional Member");
    expect(check.allowed).toBe(false);
    if (!check.allowed) {
      expect(check.explanation).toMatch(/^Provisional Member is system-triggered only: a Contributor becomes one by attempting a Member-only action/);
    }
  });
});

describe("docs/product.md §3.3 and §4", () => {
  it("Member → Provisional Member is not possible, in the Admin Center or DI", () => {
    const check = checkAdminTransition("Member", "Provisional Member");
    expect(check).toMatchObject({ allowed: false, where: "Not possible" });
    expect(isDiTransition("Member", "Provisional Member")).toBe(false);
  });

  it.each<SeatType>(["Member", "Contributor", "Guest", "No Access"])(
    "%s → Provisional Member is never an admin action",
    (from) => {
      expect(checkAdminTransition(from, "Provisional Member").allowed).toBe(false);
    },
  );

  it.each<SeatType>(["Member", "Provisional Member", "Contributor", "No Access"])(
    "Guest both ways with %s: Admin Center only",
    (other) => {
      expect(explainTransition(other, "Guest").where).toBe("Admin Center");
      expect(checkAdminTransition(other, "Guest")).toEqual({ allowed: true });
      expect(isDiTransition(other, "Guest")).toBe(false);
      expect(isDiTransition("Guest", other)).toBe(false);
      if (other !== "Provisional Member") {
        expect(explainTransition("Guest", other).where).toBe("Admin Center");
        expect(checkAdminTransition("Guest", other)).toEqual({ allowed: true });
      }
    },
  );

  it.each(ADMIN_CENTER_ONLY_TRANSITIONS.map((t) => [t.from, t.to] as const))(
    "docs/product.md §3.3, Admin Center only: %s → %s",
    (from, to) => {
      expect(explainTransition(from, to).where).toBe("Admin Center");
      expect(checkAdminTransition(from, to)).toEqual({ allowed: true });
      expect(isDiTransition(from, to)).toBe(false);
    },
  );

  it("the Admin Center may make every change except to Provisional Member", () => {
    const refused = pairs.filter(([f, t]) => !checkAdminTransition(f, t).allowed);
    expect(refused).toEqual([
      ["Member", "Provisional Member"],
      ["Contributor", "Provisional Member"],
      ["Guest", "Provisional Member"],
      ["No Access", "Provisional Member"],
    ]);
  });

  it("keeping the same seat is allowed and explained as no change", () => {
    for (const s of SEAT_TYPES) {
      expect(checkAdminTransition(s, s)).toEqual({ allowed: true });
      expect(explainTransition(s, s).where).toBe("No change");
    }
  });

  it("every cell of the matrix has an explanation", () => {
    for (const [from, to] of pairs) {
      expect(TRANSITION_MATRIX[from][to].explanation.length).toBeGreaterThan(20);
    }
  });
});

describe("parseSeatType", () => {
  it.each<[string, SeatType | null]>([
    ["Member", "Member"],
    ["member", "Member"],
    ["No Access", "No Access"],
    ["no-access", "No Access"],
    ["NO_ACCESS", "No Access"],
    ["provisional member", "Provisional Member"],
    [" Guest ", "Guest"],
    ["Owner", null],
    ["", null],
  ])("%j → %j", (text, seat) => {
    expect(parseSeatType(text)).toBe(seat);
  });
});

describe("canBeGuest (docs/product.md §5: Guests are external)", () => {
  const validated = ["example.com", "Corp.Example.org"];

  it("accepts an email on no validated domain", () => {
    expect(canBeGuest("vendor@partner.net", validated)).toEqual({ ok: true });
  });

  it.each(["ana@example.com", "Ana@EXAMPLE.COM", "bob@corp.example.org", "ana@example.com."])(
    "refuses %s: it is on a validated domain",
    (email) => {
      const r = canBeGuest(email, validated);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.reason).toMatch(/validated domain/);
    },
  );

  it("a subdomain of a validated domain is another domain", () => {
    expect(canBeGuest("x@eu.example.com", validated)).toEqual({ ok: true });
  });

  it("compares international domain names in their ASCII form", () => {
    const r = canBeGuest("x@bücher.example", ["xn--bcher-kva.example"]);
    expect(r).toEqual({ ok: false, reason: expect.stringMatching(/on the validated domain xn--bcher-kva\.example/) });
    expect(canBeGuest("x@bücher.example", ["example.com"])).toEqual({ ok: true });
  });

  it.each(["not-an-email", "@example.net", "a@", ""])("refuses %j: not an email address", (email) => {
    const r = canBeGuest(email, validated);
    expect(r).toEqual({ ok: false, reason: expect.stringMatching(/is not an email address/) });
  });

  it("emailDomain lower-cases the domain", () => {
    expect(emailDomain("A@Example.COM")).toBe("example.com");
    expect(emailDomain("nope")).toBeNull();
  });
});
