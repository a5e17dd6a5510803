import { describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "./password";

// Cheap parameters keep these tests fast; the format and checks are the same.
const FAST = { N: 2 ** 10, r: 8, p: 1 };

describe("password hashing", () => {
  it("encodes scrypt$N$r$p$salt$hash with the default memory-hard parameters", () => {
    const encoded = hashPassword("correct horse battery");
    const [scheme, n, r, p, salt, hash] = encoded.split("$");
    expect([scheme, n, r, p]).toEqual(["scrypt", String(2 ** 15), "8", "1"]);
    expect(Buffer.from(salt ?? "", "base64url")).toHaveLength(16);
    expect(Buffer.from(hash ?? "", "base64url")).toHaveLength(32);
  });

  it("verifies the right password and refuses a wrong one", async () => {
    const encoded = hashPassword("correct horse battery", FAST);
    expect(await verifyPassword("correct horse battery", encoded)).toBe(true);
    expect(await verifyPassword("correct horse batterY", encoded)).toBe(false);
    expect(await verifyPassword("", encoded)).toBe(false);
  });

  it("salts every hash", () => {
    expect(hashPassword("same password!", FAST)).not.toBe(hashPassword("same password!", FAST));
  });

  it("treats canonically equivalent Unicode input as the same password", async () => {
    const composed = "caf\u00e9 au lait 42";
    const decomposed = "cafe\u0301 au lait 42";
    expect(await verifyPassword(decomposed, hashPassword(composed, FAST))).toBe(true);
  });

  it("never matches a malformed or absurdly expensive stored hash", async () => {
    const good = hashPassword("correct horse battery", FAST);
    const parts = good.split("$");
    expect(await verifyPassword("correct horse battery", "plain-text")).toBe(false);
    expect(await verifyPassword("correct horse battery", ["bcrypt", ...parts.slice(1)].join("$"))).toBe(false);
    expect(await verifyPassword("correct horse battery", ["scrypt", "1000", ...parts.slice(2)].join("$"))).toBe(false);
    expect(await verifyPassword("correct horse battery", ["scrypt", String(2 ** 24), ...parts.slice(2)].join("$"))).toBe(false);
    expect(await verifyPassword("correct horse battery", parts.slice(0, 5).join("$"))).toBe(false);
  });
});
