/**
 * The IdP's URLs (SAML SSO URL, OIDC issuer): https, or http only on this machine's loopback
 * (a test IdP): a sign-in sent over plain http elsewhere could be read or changed on the way.
 */
import { AppError } from "@/lib/errors";

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK.test(hostname) || hostname.toLowerCase().endsWith(".localhost");
}

/** The URL parsed, or an AppError("invalid") on `field` that says what to enter. */
export function parseIdpUrl(value: string, what: string, field: string): URL {
  const refuse = (message: string): never => {
    throw new AppError("invalid", message, { fields: { [field]: [message] } });
  };
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return refuse(`The ${what} is not a URL: enter it whole, starting with https://.`);
  }
  if (url.protocol !== "https:" && !(url.protocol === "http:" && isLoopbackHost(url.hostname))) {
    return refuse(`The ${what} must start with https:// (http is accepted only for an IdP on this machine, for tests).`);
  }
  if (url.username || url.password) refuse(`The ${what} must not contain a user name or password.`);
  if (url.hash) refuse(`The ${what} must not contain a #fragment.`);
  return url;
}

/** What plan users see the IdP called when the admin gave no name: guessed from its URL. */
export function guessIdpName(url: string): string {
  let host = "";
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    // An entity ID need not be a URL (urn:…): fall through to the neutral name.
  }
  if (/(^|\.)okta(preview)?\.com$|(^|\.)okta-emea\.com$/.test(host) || /okta\.com/.test(url)) return "Okta";
  if (/(^|\.)(microsoftonline\.com|windows\.net|microsoftonline\.us)$/.test(host)) return "Microsoft Entra ID";
  return host || "your identity provider";
}
