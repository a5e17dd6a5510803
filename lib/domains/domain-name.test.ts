import { describe, expect, it } from "vitest";
import { emailDomain, normalizeDomainName, parseDomainName } from "./domain-name";

describe("normalizeDomainName", () => {
  it.each([
    ["example.com", "example.com"],
    ["  Example.COM.  ", "example.com"],
    ["sub.example.co.uk", "sub.example.co.uk"],
    ["3com.com", "3com.com"],
    ["xn--bcher-kva.example", "xn--bcher-kva.example"],
    ["Bücher.example", "xn--bcher-kva.example"],
    [`${"a".repeat(63)}.com`, `${"a".repeat(63)}.com`],
    // Full-width letters and full stops (UTS #46 mapping), as an IdP may send them.
    ["ｅｘａｍｐｌｅ．com", "example.com"],
    ["ＡＣＭＥ.Example。", "acme.example"],
  ])("accepts %j as %j", (input, expected) => {
    expect(normalizeDomainName(input)).toBe(expected);
  });

  it.each([
    "",
    "localhost",
    "example",
    "a..b.com",
    ".example.com",
    "-a.com",
    "a-.com",
    "exa_mple.com",
    "ex ample.com",
    "http://example.com",
    "example.com/path",
    "user@example.com",
    "example.com:80",
    "%41.com",
    "127.0.0.1",
    "example.123",
    "[::1]",
    `${"a".repeat(64)}.com`,
    `${"a.".repeat(127)}com`,
    "a\u200Bb.com",
    "exa\u202Emple.com",
    "example.com..",
    "1.0x10",
  ])("rejects %j", (input) => {
    expect(normalizeDomainName(input)).toBeUndefined();
  });
});

describe("parseDomainName", () => {
  it("says what a domain name looks like", () => {
    expect(() => parseDomainName("not a domain")).toThrow(/is not a valid domain name: give a name like example.com/);
  });
});

describe("emailDomain", () => {
  it("takes the part after the last @, normalised", () => {
    expect(emailDomain("Jane.Doe@Acme.Example")).toBe("acme.example");
    expect(emailDomain('"a@b"@acme.example')).toBe("acme.example");
    expect(emailDomain("no-at-sign")).toBeUndefined();
    expect(emailDomain("@acme.example")).toBeUndefined();
    expect(emailDomain("a@not_a_domain")).toBeUndefined();
  });
});
