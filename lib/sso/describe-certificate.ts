/**
 * The IdP's signing certificates as an admin reads them (issue 12: each certificate's expiry
 * shown and warned about 30 days ahead). Parsing is node:crypto's X509Certificate; we only
 * normalise what people paste (a PEM block, or the bare base64 an IdP's metadata holds).
 */
import { X509Certificate } from "node:crypto";
import { AppError } from "@/lib/errors";

const DAY = 86_400_000;
/** How far ahead an expiry is warned about (Overview, this page, `sso test`). */
export const CERTIFICATE_WARNING_DAYS = 30;

export type CertificateStatus = "valid" | "expiring" | "expired" | "not-yet-valid";

export interface CertificateView {
  /** The certificate as stored: one PEM block. */
  pem: string;
  subject: string;
  issuer: string;
  notBefore: number;
  notAfter: number;
  /** SHA-256 of the DER, as colon-separated hex (what Okta and Entra show as the thumbprint's cousin). */
  fingerprint256: string;
  status: CertificateStatus;
  /** Whole days until notAfter (negative once expired). */
  daysLeft: number;
}

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;

/**
 * One certificate from a PEM block or bare base64 (DER), as a PEM string; anything else is
 * refused in words: a private key (never paste it here), several certificates, or text that
 * is no certificate at all.
 */
export function parseCertificate(input: string, label = "The certificate"): { pem: string; x509: X509Certificate } {
  const text = input.trim();
  if (text === "") throw new AppError("invalid", `${label} is empty: paste the IdP's signing certificate (it starts with -----BEGIN CERTIFICATE-----).`);
  if (/PRIVATE KEY/.test(text)) {
    throw new AppError(
      "invalid",
      `${label} is a private key, not a certificate. Never share a private key: paste the IdP's public signing certificate (-----BEGIN CERTIFICATE-----) instead.`,
    );
  }
  const blocks = [...text.matchAll(PEM_BLOCK)];
  let body: string;
  if (blocks.length > 0) {
    const certificates = blocks.filter((b) => b[1] === "CERTIFICATE");
    if (certificates.length === 0) {
      throw new AppError("invalid", `${label} is a ${blocks[0]![1]!.toLowerCase()} block, not a certificate: paste the block that starts with -----BEGIN CERTIFICATE-----.`);
    }
    if (certificates.length > 1) {
      throw new AppError("invalid", `${label} holds ${certificates.length} certificates: give one at a time (a second one goes in the rotation field).`);
    }
    body = certificates[0]![2]!;
  } else {
    body = text;
  }
  const base64 = body.replace(/\s+/g, "");
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) {
    throw new AppError("invalid", `${label} is not a certificate: paste it in PEM form (-----BEGIN CERTIFICATE----- … -----END CERTIFICATE-----) or as the base64 text of an X509Certificate element.`);
  }
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(Buffer.from(base64, "base64"));
  } catch {
    throw new AppError("invalid", `${label} could not be read as an X.509 certificate: copy it again from the IdP, whole (PEM or base64).`);
  }
  const lines = base64.match(/.{1,64}/g) ?? [];
  return { pem: `-----BEGIN CERTIFICATE-----\n${lines.join("\n")}\n-----END CERTIFICATE-----\n`, x509 };
}

/** A stored (or pasted) certificate: who it names, when it is valid, its fingerprint and expiry status at `now`. */
export function describeCertificate(input: string, now: number, label?: string): CertificateView {
  const { pem, x509 } = parseCertificate(input, label);
  const notBefore = Date.parse(x509.validFrom);
  const notAfter = Date.parse(x509.validTo);
  const status: CertificateStatus =
    now < notBefore ? "not-yet-valid" : now >= notAfter ? "expired" : notAfter - now <= CERTIFICATE_WARNING_DAYS * DAY ? "expiring" : "valid";
  return {
    pem,
    subject: oneLineName(x509.subject),
    issuer: oneLineName(x509.issuer),
    notBefore,
    notAfter,
    fingerprint256: x509.fingerprint256,
    status,
    daysLeft: Math.floor((notAfter - now) / DAY),
  };
}

/** X509Certificate names come one attribute a line ("C=US\nO=Okta…"): shown as one line. */
function oneLineName(name: string): string {
  return name.split("\n").filter(Boolean).join(", ");
}

/** The expiry in words, for the screen, the CLI and the Overview. */
export function certificateExpiryText(view: Pick<CertificateView, "status" | "daysLeft" | "notAfter">): string {
  const date = new Date(view.notAfter).toISOString().slice(0, 10);
  switch (view.status) {
    case "expired":
      return `expired on ${date}`;
    case "not-yet-valid":
      return `not valid yet (expires ${date})`;
    case "expiring":
      return view.daysLeft <= 0 ? `expires today (${date})` : `expires in ${view.daysLeft} day${view.daysLeft === 1 ? "" : "s"} (${date})`;
    default:
      return `expires ${date}`;
  }
}
