import { beforeAll, describe, expect, it } from "vitest";
import { certificateExpiryText, describeCertificate, parseCertificate } from "./describe-certificate";
import { certificateBody, testCertificate } from "./test-support";

const DAY = 86_400_000;
let cert: string;
let key: string;
let now: number;
beforeAll(async () => {
  now = Date.now();
  ({ cert, key } = await testCertificate({ commonName: "okta.example", from: now - DAY, days: 366 }));
});

describe("describeCertificate", () => {
  it("reads subject, issuer, validity and the SHA-256 fingerprint", () => {
    const view = describeCertificate(cert, now);
    expect(view.subject).toBe("CN=okta.example");
    expect(view.issuer).toBe("CN=okta.example");
    expect(view.fingerprint256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(view.status).toBe("valid");
    expect(view.daysLeft).toBe(364);
    expect(view.notAfter - view.notBefore).toBeGreaterThan(365 * DAY - 2000);
  });

  it("accepts the bare base64 of metadata and gives the same PEM", () => {
    expect(describeCertificate(certificateBody(cert), now).pem).toBe(describeCertificate(cert, now).pem);
  });

  it("says expiring within 30 days, expired, and not yet valid", () => {
    const view = describeCertificate(cert, now);
    expect(describeCertificate(cert, view.notAfter - 10 * DAY).status).toBe("expiring");
    expect(certificateExpiryText(describeCertificate(cert, view.notAfter - 10 * DAY))).toMatch(/^expires in 10 days \(\d{4}-\d\d-\d\d\)$/);
    expect(describeCertificate(cert, view.notAfter - 31 * DAY).status).toBe("valid");
    expect(describeCertificate(cert, view.notAfter).status).toBe("expired");
    expect(certificateExpiryText(describeCertificate(cert, view.notAfter + DAY))).toMatch(/^expired on /);
    expect(describeCertificate(cert, view.notBefore - 1).status).toBe("not-yet-valid");
  });
});

describe("parseCertificate refuses in words", () => {
  it.each([
    ["", /is empty/],
    ["hello, world!", /is not a certificate/],
    ["QUJDRA==", /could not be read as an X\.509 certificate/],
    ["-----BEGIN PUBLIC KEY-----\nQUJD\n-----END PUBLIC KEY-----", /public key block, not a certificate/],
  ])("%j", (input, message) => {
    expect(() => parseCertificate(input)).toThrow(message);
  });

  it("a private key, naming it", () => {
    expect(() => parseCertificate(key)).toThrow(/is a private key, not a certificate\. Never share a private key/);
  });

  it("two certificates in one field", () => {
    expect(() => parseCertificate(`${cert}\n${cert}`)).toThrow(/holds 2 certificates: give one at a time/);
  });
});
