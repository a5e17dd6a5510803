/**
 * The schema URNs of RFC 7643 (§3, §4, §8.7) and of the product's seat extension. The
 * stored user resource is keyed by them, so the seat engine and the Admin Center read them
 * from here, and the SCIM protocol (lib/scim) shares the same constants.
 */
export const SCHEMA_URNS = {
  user: "urn:ietf:params:scim:schemas:core:2.0:User",
  group: "urn:ietf:params:scim:schemas:core:2.0:Group",
  enterpriseUser: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
  seatUser: "urn:ietf:params:scim:schemas:extension:seat:2.0:User",
  listResponse: "urn:ietf:params:scim:api:messages:2.0:ListResponse",
  patchOp: "urn:ietf:params:scim:api:messages:2.0:PatchOp",
  searchRequest: "urn:ietf:params:scim:api:messages:2.0:SearchRequest",
  serviceProviderConfig: "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig",
  resourceType: "urn:ietf:params:scim:schemas:core:2.0:ResourceType",
  schema: "urn:ietf:params:scim:schemas:core:2.0:Schema",
} as const;
