import { describe, expect, it } from "vitest";
import { sameOriginPath, safeCallbackUrl } from "./callback-url";

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

  it("refuses what a browser would read as another host (tabs, newlines, dot segments)", () => {
    for (const bad of [
      "/\t/evil.example",
      "/\n/evil.example",
      "/\r\n/evil.example",
      "/\t\\evil.example",
      "/\\/evil.example",
      "/.//evil.example",
      "/a/..//evil.example",
      "/%2e//evil.example",
      " //evil.example",
      "/\t/sign-in",
    ]) {
      expect(safeCallbackUrl(bad), JSON.stringify(bad)).toBe("/");
    }
  });

  it("returns the parser's serialisation: no control character survives", () => {
    expect(safeCallbackUrl("/\n/x")).toBe("/");
    expect(safeCallbackUrl("/users\n?search=a b")).toBe("/users?search=a%20b");
    expect(safeCallbackUrl("/sec\turity")).toBe("/security");
  });

  it("resolves against a given origin, accepting its absolute URLs and nothing else", () => {
    const origin = "https://admin.example.com";
    expect(safeCallbackUrl("https://admin.example.com/users?page=2", origin)).toBe("/users?page=2");
    expect(safeCallbackUrl("/security", origin)).toBe("/security");
    for (const bad of ["https://admin.example.com.evil.example/", "http://admin.example.com/", "https://evil.example/", "/\t/evil.example"]) {
      expect(safeCallbackUrl(bad, origin), bad).toBe("/");
    }
  });

  it("lets next-auth's redirects reach the sign-in page, still only on this site", () => {
    const origin = "http://127.0.0.1:3000";
    expect(sameOriginPath("http://127.0.0.1:3000/sign-in?signedOut=1", origin)).toBe("/sign-in?signedOut=1");
    expect(sameOriginPath("/\t/evil.example", origin)).toBe("/");
    expect(sameOriginPath("http://127.0.0.1:3001/", origin)).toBe("/");
  });
});
