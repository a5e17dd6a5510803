import { describe, expect, it } from "vitest";
import { safeCallbackUrl } from "./callback-url";

describe("safeCallbackUrl", () => {
  it("keeps a path on this site, with its query", () => {
    expect(safeCallbackUrl("/security")).toBe("/security");
    expect(safeCallbackUrl("/users?seat=Member&page=2")).toBe("/users?seat=Member&page=2");
    expect(safeCallbackUrl(["/activity", "/x"])).toBe("/activity");
  });

  it("refuses anything that leaves the site or loops back to sign-in", () => {
    for (const bad of ["https://evil.example/", "//evil.example", "/\\evil.example", "evil", "", undefined, 42, "/sign-in", "/setup?x=1"]) {
      expect(safeCallbackUrl(bad)).toBe("/");
    }
  });
});
