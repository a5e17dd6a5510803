/**
 * An OpenID Provider for tests (integration tests and the e2e suite): `oidc-provider`
 * (OpenID Certified) on a free loopback port, with one confidential client whose redirect
 * URI is ours. Its development login page (`devInteractions`) accepts any login: the login
 * typed is the person's email, and the ID token says so (`email`, `email_verified: true`).
 * The client is first-party, so consent is granted without a second page.
 *
 * `signInOverHttp` walks the OP's pages with plain HTTP as a browser would (cookies
 * included), for integration tests that need a real authorization code.
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface TestOidcProvider {
  /** e.g. http://127.0.0.1:41234 (discovery at /.well-known/openid-configuration) */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /**
   * Follows `authorizationUrl` through the login page as `email` and returns the URL the OP
   * redirects the browser to (our callback, with `code`, `state` and `iss`).
   */
  signInOverHttp(authorizationUrl: string | URL, email: string): Promise<URL>;
  close(): Promise<void>;
}

export interface TestOidcProviderOptions {
  /** Our callback (lib/sso/sp-values.ts oidcRedirectUri); several when tests run more than one origin. */
  redirectUri: string | string[];
  clientId?: string;
  clientSecret?: string;
  /** Display name claimed for everyone (default: the part of the email before the @). */
  name?: (email: string) => string;
}

// oidc-provider ships no type declarations; these are the few parts used here.
interface OidcGrant {
  addOIDCScope(scope: string): void;
  save(): Promise<string>;
}
interface OidcContext {
  oidc: {
    result?: { consent?: { grantId?: string } };
    session: { accountId: string; grantIdFor(clientId: string): string | undefined };
    client: { clientId: string };
    provider: {
      Grant: { new (init: { clientId: string; accountId: string }): OidcGrant; find(id: string): Promise<OidcGrant | undefined> };
    };
  };
}
interface OidcProviderInstance {
  callback(): (req: IncomingMessage, res: ServerResponse) => void;
}
type OidcProviderClass = new (issuer: string, configuration: Record<string, unknown>) => OidcProviderInstance;

export async function startTestOidcProvider(options: TestOidcProviderOptions): Promise<TestOidcProvider> {
  // A variable specifier: oidc-provider is ESM-only and untyped; loaded only when a test asks.
  const moduleName = "oidc-provider";
  const { default: Provider } = (await import(moduleName)) as { default: OidcProviderClass };
  const clientId = options.clientId ?? "admin-center-test";
  const clientSecret = options.clientSecret ?? randomBytes(24).toString("base64url");
  const nameOf = options.name ?? ((email: string) => email.split("@")[0] ?? email);

  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const issuer = `http://127.0.0.1:${port}`;

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: Array.isArray(options.redirectUri) ? options.redirectUri : [options.redirectUri],
        grant_types: ["authorization_code"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_basic",
      },
    ],
    // The login typed on the dev login page is the account id, and the email.
    findAccount: (_ctx: unknown, id: string) => ({
      accountId: id,
      claims: () => ({ sub: id, email: id, email_verified: true, name: nameOf(id) }),
    }),
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    // The email claims in the ID token itself (as Okta and Entra put them), not only at userinfo.
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: true } },
    pkce: { required: () => true },
    cookies: { keys: [randomBytes(32).toString("hex")] },
    // First-party client: grant the requested scopes without a consent page.
    loadExistingGrant: async (ctx: OidcContext) => {
      const grantId = ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
      grant.addOIDCScope("openid email profile");
      await grant.save();
      return grant;
    },
  });
  server.on("request", provider.callback());

  async function signInOverHttp(authorizationUrl: string | URL, email: string): Promise<URL> {
    const jar = new Map<string, string>();
    const remember = (response: Response) => {
      for (const cookie of response.headers.getSetCookie()) {
        const [pair] = cookie.split(";");
        const at = pair!.indexOf("=");
        jar.set(pair!.slice(0, at), pair!.slice(at + 1));
      }
    };
    const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
    let url = new URL(authorizationUrl);
    let body: URLSearchParams | undefined;
    for (let hop = 0; hop < 12; hop += 1) {
      if (url.origin !== issuer) return url; // left the OP: the redirect to the client
      const response = await fetch(url, {
        method: body ? "POST" : "GET",
        body,
        headers: { cookie: cookieHeader(), ...(body ? { "content-type": "application/x-www-form-urlencoded" } : {}) },
        redirect: "manual",
      });
      remember(response);
      body = undefined;
      const location = response.headers.get("location");
      if (location) {
        url = new URL(location, url);
        continue;
      }
      const html = await response.text();
      const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
      if (response.status !== 200 || !action || !html.includes('name="login"')) {
        throw new Error(`The test OpenID Provider answered ${response.status} at ${url.pathname}: ${html.slice(0, 300)}`);
      }
      url = new URL(action.replace(/&amp;/g, "&"), url);
      body = new URLSearchParams({ prompt: "login", login: email, password: "any" });
    }
    throw new Error("The test OpenID Provider redirected too many times");
  }

  return {
    issuer,
    clientId,
    clientSecret,
    signInOverHttp,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
