import { describe, expect, it } from "vitest";
import { capBody, keepScimBodies, namesSecret, REDACTED, redactScimBody, SCIM_BODY_CAP_BYTES } from "./scim-body";

const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

describe("redactScimBody", () => {
  it("redacts password in a POST or PUT body, whatever its case, and leaves the rest as sent", () => {
    const post = JSON.stringify({ schemas: [USER], userName: "ada@example.com", password: "Tr0ub4dor&3" });
    const { text, secrets } = redactScimBody(post);
    expect(JSON.parse(text)).toEqual({ schemas: [USER], userName: "ada@example.com", password: REDACTED });
    expect(secrets).toEqual(new Set(["Tr0ub4dor&3"]));

    const put = JSON.stringify({ schemas: [USER], userName: "ada@example.com", PassWord: "hunter2-long", active: true });
    expect(redactScimBody(put).text).not.toContain("hunter2-long");
    expect(JSON.parse(redactScimBody(put).text).PassWord).toBe(REDACTED);
  });

  it("redacts a PATCH operation naming password by its path, by a URN path, or inside its value", () => {
    const body = JSON.stringify({
      schemas: [PATCH],
      Operations: [
        { op: "replace", path: "password", value: "first-secret" },
        { op: "Replace", path: `${USER}:PASSWORD`, value: "second-secret" },
        { op: "replace", value: { password: "third-secret", displayName: "Ada" } },
        { op: "replace", path: "displayName", value: "Ada L." },
      ],
    });
    const { text } = redactScimBody(body);
    for (const secret of ["first-secret", "second-secret", "third-secret"]) expect(text).not.toContain(secret);
    const ops = (JSON.parse(text) as { Operations: { path?: string; value: unknown }[] }).Operations;
    expect(ops.map((o) => o.value)).toEqual([REDACTED, REDACTED, { password: REDACTED, displayName: "Ada" }, "Ada L."]);
  });

  it("redacts other secret-like attributes, and a body that is not JSON as text", () => {
    const body = JSON.stringify({ userName: "a@example.com", "urn:example:ext": { apiKey: "k-123456", clientSecret: "s-123456" } });
    const text = redactScimBody(body).text;
    expect(text).not.toContain("k-123456");
    expect(text).not.toContain("s-123456");
    const broken = '{"userName": "a@example.com", "password": "not-json-secret",';
    expect(redactScimBody(broken).text).toBe(`{"userName": "a@example.com", "password": "${REDACTED}",`);
  });

  it("returns the very string, unparsed, when nothing in it could be a secret", () => {
    const body = JSON.stringify({ schemas: [USER], userName: "ada@example.com", active: true });
    expect(redactScimBody(body).text).toBe(body);
    // A name that only looks like one (the cheap test matched, the parse found nothing) stays as sent.
    const mickey = JSON.stringify({ userName: "mickey@example.com" });
    expect(redactScimBody(mickey).text).toBe(mickey);
  });

  it("knows which names are secrets", () => {
    expect(["password", "PASSWORD", `${USER}:password`, "password[type eq \"x\"]", "accessToken"].every(namesSecret)).toBe(true);
    expect(["userName", "displayName", "emails[type eq \"work\"].value", "active"].some(namesSecret)).toBe(false);
  });
});

describe("capBody", () => {
  it("keeps a body under the cap whole, and cuts a longer one at the cap, counting the bytes cut", () => {
    expect(capBody("x".repeat(100), 64)).toEqual({ text: "x".repeat(64), truncated: 36 });
    expect(capBody("x".repeat(64), 64)).toEqual({ text: "x".repeat(64), truncated: 0 });
    const big = JSON.stringify({ Resources: Array.from({ length: 100 }, (_, i) => ({ userName: `user${i}@example.com`, displayName: "x".repeat(200) })) });
    const kept = capBody(big);
    expect(Buffer.byteLength(kept.text)).toBe(SCIM_BODY_CAP_BYTES);
    expect(kept.truncated).toBe(Buffer.byteLength(big) - SCIM_BODY_CAP_BYTES);
  });

  it("never cuts inside a character", () => {
    const text = "é".repeat(40); // 2 bytes each
    const kept = capBody(text, 33);
    expect(kept.text).toBe("é".repeat(16));
    expect(kept.truncated).toBe(80 - 32);
  });
});

describe("keepScimBodies", () => {
  it("scrubs the request's secrets from an answer that quotes them, and caps both", () => {
    const request = JSON.stringify({ userName: "ada@example.com", password: "quoted-secret" });
    const response = JSON.stringify({ detail: "Attribute 'password' value 'quoted-secret' is too weak." });
    const kept = keepScimBodies(request, response);
    expect(kept.request?.text).not.toContain("quoted-secret");
    expect(kept.response?.text).toBe(JSON.stringify({ detail: `Attribute 'password' value '${REDACTED}' is too weak.` }));
    expect(keepScimBodies(undefined, "x".repeat(10), 4)).toEqual({ request: null, response: { text: "xxxx", truncated: 6 } });
  });
});
