/**
 * Our SAML service-provider metadata, public: IdPs (Entra's "Upload metadata file", Okta's
 * metadata import) and admins fetch it without a session. `?download=1` saves it as a file.
 */
import { publicOrigin } from "@/app/_server/origin";
import { spMetadataXml } from "@/lib/sso/sp-metadata";

export async function GET(request: Request): Promise<Response> {
  const xml = spMetadataXml(await publicOrigin());
  const download = new URL(request.url).searchParams.get("download") === "1";
  return new Response(xml, {
    headers: {
      "content-type": "application/xml; charset=utf-8",
      "cache-control": "no-store",
      ...(download ? { "content-disposition": "attachment; filename=admin-center-sp-metadata.xml" } : {}),
    },
  });
}
