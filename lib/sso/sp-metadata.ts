import { generateServiceProviderMetadata } from "@node-saml/node-saml";
import { NAMEID_FORMAT_EMAIL, spValues } from "./sp-values";

/**
 * Our service provider's SAML metadata (GET /sso/saml/metadata), by node-saml: entity ID,
 * the ACS (HTTP-POST), NameID format email address. AuthnRequests are not signed (we hold no
 * SP key: the request carries nothing the IdP must trust) and assertions must be signed.
 */
export function spMetadataXml(origin: string): string {
  const sp = spValues(origin);
  return generateServiceProviderMetadata({
    issuer: sp.entityId,
    callbackUrl: sp.acsUrl,
    identifierFormat: NAMEID_FORMAT_EMAIL,
    wantAssertionsSigned: true,
  });
}
