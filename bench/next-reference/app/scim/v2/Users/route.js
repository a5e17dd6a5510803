// A trivial Next.js route handler returning a fixed SCIM ListResponse: what serving SCIM
// through Next's own routing would cap at on this machine (issue 6's second reference).
// Plain JavaScript so this tiny app stays out of the main TypeScript project.
export const dynamic = "force-dynamic";

const BODY = JSON.stringify({
  schemas: ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
  totalResults: 1,
  itemsPerPage: 1,
  startIndex: 1,
  Resources: [
    {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
      id: "2819c223-7f76-453a-919d-413861904646",
      userName: "ada.abe.0@example.com",
      name: { givenName: "Ada", familyName: "Abe" },
      displayName: "Ada Abe",
      emails: [{ primary: true, value: "ada.abe.0@example.com", type: "work" }],
      active: true,
      meta: {
        resourceType: "User",
        created: "2026-01-01T00:00:00.000Z",
        lastModified: "2026-01-01T00:00:00.000Z",
        location: "http://localhost/scim/v2/Users/2819c223-7f76-453a-919d-413861904646",
        version: 'W/"1"',
      },
    },
  ],
});

export function GET() {
  return new Response(BODY, { headers: { "Content-Type": "application/scim+json; charset=utf-8" } });
}
