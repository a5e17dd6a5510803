import { describe, expect, it } from "vitest";
import { forbiddenIdentifierCharacter, identityNorm, parseEmailAddress } from "./email-address";

describe("parseEmailAddress", () => {
  it.each([
    ["ada@example.com", "example.com"],
    ["Ada.Lovelace+scim@Example.COM.", "example.com"],
    ["ana@Bücher.example", "xn--bcher-kva.example"],
    ["ana@ｅｘａｍｐｌｅ.com", "example.com"],
    ["zoë@example.com", "example.com"],
    ["o'brien@example.com", "example.com"],
  ])("accepts %j (domain %j)", (text, domainNorm) => {
    expect(parseEmailAddress(text)).toMatchObject({ domainNorm });
  });

  it.each([
    ["x@evil.example@acme.test", "not-one-at"],
    ["x＠acme.test", "not-one-at"],
    ["x＠evil.example@acme.test", "not-one-at"],
    ["x﹫evil.example@acme.test", "not-one-at"],
    ["no-at-sign", "not-one-at"],
    ["@acme.test", "local-part"],
    [".ada@acme.test", "local-part"],
    ["ada.@acme.test", "local-part"],
    ["a..da@acme.test", "local-part"],
    ["a da@acme.test", "local-part"],
    ['"ada"@acme.test', "local-part"],
    [`${"a".repeat(65)}@acme.test`, "local-part"],
    ["ada@", "domain"],
    ["ada@localhost", "domain"],
    ["ada@ acme.test", "domain"],
    ["ada@acme..test", "domain"],
    ["ada@[127.0.0.1]", "domain"],
    [`${"a".repeat(64)}@${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(63)}.com`, "too-long"],
  ])("refuses %j (%s)", (text, problem) => {
    expect(parseEmailAddress(text)).toBe(problem);
  });
});

describe("identityNorm", () => {
  it("is one form for one mailbox: case, full-width and trailing-dot domains, IDNA", () => {
    const forms = ["ada@example.com", "ADA@EXAMPLE.COM", "ada@example.com.", "ada@ｅｘａｍｐｌｅ．com", "Ada@Example.Com．"];
    expect(new Set(forms.map(identityNorm))).toEqual(new Set(["ada@example.com"]));
    expect(identityNorm("ana@Bücher.example")).toBe(identityNorm("ana@xn--bcher-kva.example"));
  });

  it("is the lower-cased text for anything that is not an address (what *_norm held before)", () => {
    expect(identityNorm("JYoung")).toBe("jyoung");
    expect(identityNorm("a@b@c.example")).toBe("a@b@c.example");
    expect(identityNorm("Test_User_00AA")).toBe("test_user_00aa");
  });
});

describe("forbiddenIdentifierCharacter", () => {
  it.each([
    ["a\u0000b", "U+0000"],
    ["a\nb", "U+000A"],
    ["a\u007Fb", "U+007F"],
    ["a\u0085b", "U+0085"],
    ["a\u202Eb", "U+202E"],
    ["a\u2066b", "U+2066"],
    ["a\u200Bb", "U+200B"],
    ["a\u200Db", "U+200D"],
    ["a\u200Fb", "U+200F"],
    ["\uFEFFab", "U+FEFF"],
  ])("finds the forbidden character in %j (%s)", (text, code) => {
    expect(forbiddenIdentifierCharacter(text)).toBe(code);
  });

  it("allows letters of any script, spaces and punctuation", () => {
    for (const text of ["Zoë Núñez", "山田 太郎", "ana+scim@bücher.example", "O'Brien-Smith", "😀"]) {
      expect(forbiddenIdentifierCharacter(text)).toBeUndefined();
    }
  });
});
