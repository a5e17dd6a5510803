/**
 * `npm run test-idps [-- --origin http://localhost:3000]`: the suite's test identity
 * providers (lib/testing), started by hand, to connect single sign-on through the Admin
 * Center without an Okta or Entra tenant (README "Single sign-on", "Trying it without an
 * IdP"). Both sign in whoever's email is typed on their login page: for trying, never for
 * a real plan.
 */
import { parseArgs } from "node:util";
import { spValues } from "@/lib/sso/sp-values";
import { startTestOidcProvider } from "@/lib/testing/oidc-provider";
import { startTestSamlIdp } from "@/lib/testing/saml-idp";

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { origin: { type: "string", default: process.env.PUBLIC_URL ?? "http://localhost:3000" } } });
  const sp = spValues(values.origin);
  const [saml, oidc] = await Promise.all([
    startTestSamlIdp({ name: "Test SAML IdP" }),
    startTestOidcProvider({ redirectUri: sp.oidcRedirectUri }),
  ]);

  console.log(`Test identity providers for the Admin Center at ${values.origin} (Ctrl-C stops them).

  SAML 2.0 (Security & Controls › Single sign-on › SAML › Paste or upload metadata):
    IdP metadata URL   ${saml.url}/metadata   (open it, copy the XML, paste it)
    or the fields:     entity ID ${saml.entityId}, SSO URL ${saml.ssoUrl}

  OpenID Connect (Security & Controls › Single sign-on › OpenID Connect):
    Issuer             ${oidc.issuer}
    Client ID          ${oidc.clientId}
    Client secret      ${oidc.clientSecret}
    Redirect URI       ${sp.oidcRedirectUri}   (registered already)

  Either IdP signs in whoever's email you type on its login page.`);

  const stop = () => void Promise.all([saml.close(), oidc.close()]).then(() => process.exit(0));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

void main();
