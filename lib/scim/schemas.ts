/**
 * SCIM schemas as data (RFC 7643 §7). The /Schemas endpoint serves these definitions, and
 * the filter compiler, PATCH engine and attribute projection read the same definitions, so
 * what we advertise is what we do.
 */
import { SCHEMA_URNS } from "@/lib/users/schema-urns";


export type AttributeType =
  | "string"
  | "boolean"
  | "decimal"
  | "integer"
  | "dateTime"
  | "reference"
  | "complex"
  | "binary";

export interface AttributeDef {
  name: string;
  type: AttributeType;
  multiValued: boolean;
  description: string;
  required: boolean;
  caseExact: boolean;
  mutability: "readOnly" | "readWrite" | "immutable" | "writeOnly";
  returned: "always" | "never" | "default" | "request";
  uniqueness: "none" | "server" | "global";
  canonicalValues?: string[];
  referenceTypes?: string[];
  subAttributes?: AttributeDef[];
}

export interface SchemaDef {
  id: string;
  name: string;
  description: string;
  attributes: AttributeDef[];
}

type AttrOptions = Partial<Omit<AttributeDef, "name" | "type" | "description">>;

function attr(
  name: string,
  type: AttributeType,
  description: string,
  options: AttrOptions = {},
): AttributeDef {
  return {
    name,
    type,
    multiValued: false,
    description,
    required: false,
    caseExact: false,
    mutability: "readWrite",
    returned: "default",
    uniqueness: "none",
    ...options,
  };
}

const str = (name: string, description: string, options?: AttrOptions) =>
  attr(name, "string", description, options);

/** The sub-attributes every multi-valued attribute shares (RFC 7643 §2.4). */
function multiValuedOf(
  name: string,
  description: string,
  value: AttributeDef,
  typeValues: string[] | undefined,
  extra: AttributeDef[] = [],
  options: AttrOptions = {},
): AttributeDef {
  return attr(name, "complex", description, {
    multiValued: true,
    ...options,
    subAttributes: [
      value,
      str("display", "A human-readable name, primarily used for display purposes."),
      str("type", `A label indicating the attribute's function.`, {
        ...(typeValues ? { canonicalValues: typeValues } : {}),
      }),
      attr("primary", "boolean", "A Boolean value indicating the 'primary' or preferred value."),
      ...extra,
    ],
  });
}

const userCore: SchemaDef = {
  id: SCHEMA_URNS.user,
  name: "User",
  description: "User Account",
  attributes: [
    str("userName", "Unique identifier for the User, typically the sign-in email.", {
      required: true,
      uniqueness: "server",
    }),
    attr("name", "complex", "The components of the user's real name.", {
      subAttributes: [
        str("formatted", "The full name, formatted for display."),
        str("familyName", "The family name of the User."),
        str("givenName", "The given name of the User."),
        str("middleName", "The middle name(s) of the User."),
        str("honorificPrefix", "The honorific prefix(es) of the User."),
        str("honorificSuffix", "The honorific suffix(es) of the User."),
      ],
    }),
    str("displayName", "The name of the User, suitable for display to end-users."),
    str("nickName", "The casual way to address the user."),
    attr("profileUrl", "reference", "A URI of the User's online profile.", {
      referenceTypes: ["external"],
    }),
    str("title", "The user's title, such as 'Vice President'."),
    str("userType", "Used to identify the relationship between the organization and the user."),
    str("preferredLanguage", "The User's preferred written or spoken language (RFC 7231)."),
    str("locale", "The User's default location for localizing (e.g. 'en-US')."),
    str("timezone", "The User's time zone in IANA format, e.g. 'America/Los_Angeles'."),
    attr("active", "boolean", "The User's administrative status. Deactivation is immediate; reactivation is an admin action."),
    str("password", "Accepted on write and never stored or returned.", {
      mutability: "writeOnly",
      returned: "never",
      caseExact: true,
    }),
    multiValuedOf(
      "emails",
      "Email addresses for the user. The primary email must be on a validated domain.",
      str("value", "Email address for the user."),
      ["work", "home", "other"],
    ),
    multiValuedOf(
      "phoneNumbers",
      "Phone numbers for the User.",
      str("value", "Phone number of the User."),
      ["work", "home", "mobile", "fax", "pager", "other"],
    ),
    multiValuedOf(
      "ims",
      "Instant messaging addresses for the User.",
      str("value", "Instant messaging address for the User."),
      ["aim", "gtalk", "icq", "xmpp", "msn", "skype", "qq", "yahoo"],
    ),
    multiValuedOf(
      "photos",
      "URLs of photos of the User.",
      attr("value", "reference", "URL of a photo of the User.", { referenceTypes: ["external"] }),
      ["photo", "thumbnail"],
    ),
    attr("addresses", "complex", "A physical mailing address for this User.", {
      multiValued: true,
      subAttributes: [
        str("formatted", "The full mailing address, formatted for display."),
        str("streetAddress", "The full street address component."),
        str("locality", "The city or locality component."),
        str("region", "The state or region component."),
        str("postalCode", "The zip code or postal code component."),
        str("country", "The country name component (ISO 3166-1 alpha-2)."),
        str("type", "A label indicating the attribute's function.", {
          canonicalValues: ["work", "home", "other"],
        }),
        attr("primary", "boolean", "A Boolean value indicating the 'primary' address."),
      ],
    }),
    multiValuedOf(
      "groups",
      "Groups the user belongs to, derived from group memberships. Read-only: change memberships on the Group.",
      str("value", "The identifier of the User's group.", { mutability: "readOnly", caseExact: true }),
      ["direct", "indirect"],
      [
        attr("$ref", "reference", "The URI of the corresponding Group resource.", {
          referenceTypes: ["Group"],
          mutability: "readOnly",
        }),
      ],
      { mutability: "readOnly" },
    ),
    multiValuedOf(
      "entitlements",
      "A list of entitlements for the User.",
      str("value", "The value of an entitlement."),
      undefined,
    ),
    multiValuedOf(
      "roles",
      "Roles for the User. Okta sends one entry per role, e.g. {\"type\":\"LICENSED_USER\",\"value\":\"LICENSED_USER\"}; an empty value means not granted. Echoed back exactly as sent.",
      str("value", "The role: LICENSED_USER, GROUP_ADMIN, RESOURCE_VIEWER, USER_ADMIN, PAYMENT_ADMIN, DATA_ADMIN (or SYSTEM_ADMIN for all three), JIRA_USER, JIRA_ADMIN, SALESFORCE_USER, SALESFORCE_ADMIN. Matched case-insensitively."),
      undefined,
      [],
    ),
    multiValuedOf(
      "x509Certificates",
      "A list of certificates issued to the User.",
      attr("value", "binary", "The value of an X.509 certificate."),
      undefined,
    ),
  ],
};

const enterpriseUser: SchemaDef = {
  id: SCHEMA_URNS.enterpriseUser,
  name: "EnterpriseUser",
  description: "Enterprise User",
  attributes: [
    str("employeeNumber", "Numeric or alphanumeric identifier assigned to a person."),
    str("costCenter", "Identifies the name of a cost center."),
    str("organization", "Identifies the name of an organization."),
    str("division", "Identifies the name of a division."),
    str("department", "Identifies the name of a department."),
    attr("manager", "complex", "The User's manager.", {
      subAttributes: [
        str("value", "The id of the SCIM resource representing the User's manager.", { caseExact: true }),
        attr("$ref", "reference", "The URI of the SCIM resource representing the User's manager.", {
          referenceTypes: ["User"],
        }),
        str("displayName", "The displayName of the User's manager.", { mutability: "readOnly" }),
      ],
    }),
  ],
};

/** The product's extension (docs/product.md §2): the seat the user holds and the Okta role booleans. */
const seatUser: SchemaDef = {
  id: SCHEMA_URNS.seatUser,
  name: "SeatUser",
  description: "Seat and role attributes of a plan user",
  attributes: [
    str("seatType", "The seat the user holds: Member, Provisional Member, Contributor, Guest or No Access.", {
      mutability: "readOnly",
      canonicalValues: ["Member", "Provisional Member", "Contributor", "Guest", "No Access"],
      caseExact: true,
    }),
    attr("reviewEndsAt", "dateTime", "When a Provisional Member's review period ends.", {
      mutability: "readOnly",
    }),
    // Issue 14 §1: a request of the IdP the mass-deactivation breaker holds. The response is a 200
    // with the user as they are (still active, still Member), so neither Okta nor Entra stops
    // provisioning; this says why, and Entra's re-sent PATCH only updates the held row.
    attr("heldChange", "complex", "A deactivation or downgrade the identity provider asked for that the mass-deactivation breaker holds for a System Admin (absent when none is held).", {
      mutability: "readOnly",
      subAttributes: [
        str("kind", "What is held: deactivate, delete or downgrade.", {
          mutability: "readOnly",
          canonicalValues: ["deactivate", "delete", "downgrade"],
          caseExact: true,
        }),
        str("requested", "What the request would make the user: deactivated, deleted, or the seat of a downgrade.", {
          mutability: "readOnly",
          caseExact: true,
        }),
        attr("heldAt", "dateTime", "When the breaker first held the request.", { mutability: "readOnly" }),
      ],
    }),
    attr("smartsheetLicensedUser", "boolean", "Grants the LICENSED_USER role (Member seat)."),
    attr("smartsheetGroupAdmin", "boolean", "Grants the GROUP_ADMIN role (Member seat)."),
    attr("smartsheetResourceViewer", "boolean", "Grants the RESOURCE_VIEWER role (Member seat)."),
    attr("smartsheetSystemAdmin", "boolean", "Grants the System Admin roles USER_ADMIN, PAYMENT_ADMIN and DATA_ADMIN (Contributor seat)."),
  ],
};

const groupCore: SchemaDef = {
  id: SCHEMA_URNS.group,
  name: "Group",
  description: "Group",
  attributes: [
    str("displayName", "A human-readable name for the Group. Unique, case-insensitive.", {
      required: true,
      uniqueness: "server",
    }),
    attr("members", "complex", "A list of members of the Group. Only Users can be members.", {
      multiValued: true,
      subAttributes: [
        str("value", "Identifier of the member of this Group.", { mutability: "immutable", caseExact: true }),
        attr("$ref", "reference", "The URI of the member resource.", {
          referenceTypes: ["User"],
          mutability: "immutable",
        }),
        str("display", "The displayName of the member.", { mutability: "readOnly" }),
        str("type", "The type of member: User.", {
          canonicalValues: ["User"],
          mutability: "immutable",
        }),
      ],
    }),
  ],
};

/** Attributes every resource has (RFC 7643 §3.1), outside any schema's attribute list. */
export const COMMON_ATTRIBUTES: AttributeDef[] = [
  str("id", "Unique identifier for the resource, assigned by the service provider.", {
    mutability: "readOnly",
    returned: "always",
    uniqueness: "server",
    caseExact: true,
  }),
  str("externalId", "An identifier for the resource as defined by the provisioning client.", {
    caseExact: true,
  }),
  attr("meta", "complex", "Resource metadata.", {
    mutability: "readOnly",
    subAttributes: [
      str("resourceType", "The name of the resource type.", { mutability: "readOnly", caseExact: true }),
      attr("created", "dateTime", "When the resource was added.", { mutability: "readOnly" }),
      attr("lastModified", "dateTime", "When the resource was last updated.", { mutability: "readOnly" }),
      attr("location", "reference", "The URI of the resource.", { mutability: "readOnly", caseExact: true }),
      str("version", "The version (ETag) of the resource.", { mutability: "readOnly", caseExact: true }),
    ],
  }),
];

export const SCHEMAS: readonly SchemaDef[] = [userCore, enterpriseUser, seatUser, groupCore];

export interface ResourceTypeDef {
  name: "User" | "Group";
  endpoint: "/Users" | "/Groups";
  description: string;
  schema: SchemaDef;
  extensions: { schema: SchemaDef; required: boolean }[];
}

export const RESOURCE_TYPES: Record<"User" | "Group", ResourceTypeDef> = {
  User: {
    name: "User",
    endpoint: "/Users",
    description: "A plan user, provisioned by the identity provider",
    schema: userCore,
    extensions: [
      { schema: enterpriseUser, required: false },
      { schema: seatUser, required: false },
    ],
  },
  Group: {
    name: "Group",
    endpoint: "/Groups",
    description: "A group pushed by the identity provider; mapped groups grant roles",
    schema: groupCore,
    extensions: [],
  },
};

export function schemaById(id: string): SchemaDef | undefined {
  const lower = id.toLowerCase();
  return SCHEMAS.find((s) => s.id.toLowerCase() === lower);
}

export function findSubAttribute(def: AttributeDef, name: string): AttributeDef | undefined {
  const lower = name.toLowerCase();
  return def.subAttributes?.find((a) => a.name.toLowerCase() === lower);
}

export interface ResolvedAttribute {
  /** The schema the attribute belongs to; undefined for the common attributes. */
  schema: SchemaDef | undefined;
  /** True when the attribute lives in an extension (its JSON sits under the schema URN). */
  extension: boolean;
  attribute: AttributeDef;
  subAttribute?: AttributeDef;
}

/**
 * Resolves an attribute path as RFC 7644 §3.10 writes it: `userName`, `name.familyName`,
 * or schema-qualified `urn:…:enterprise:2.0:User:department` / `…:manager.value`.
 * Names are case-insensitive (RFC 7643 §2.1). Returns undefined when nothing matches.
 */
export function resolveAttributePath(
  resourceType: ResourceTypeDef,
  path: string,
): ResolvedAttribute | undefined {
  let schemaPart: string | undefined;
  let rest = path;
  if (path.toLowerCase().startsWith("urn:")) {
    const all = [resourceType.schema, ...resourceType.extensions.map((e) => e.schema)];
    const match = all
      .filter((s) => path.toLowerCase().startsWith(`${s.id.toLowerCase()}:`))
      .sort((a, b) => b.id.length - a.id.length)[0];
    if (!match) return undefined;
    schemaPart = match.id;
    rest = path.slice(match.id.length + 1);
  }
  const [attrName, subName, ...more] = rest.split(".");
  if (!attrName || more.length > 0) return undefined;
  return resolveAttribute(resourceType, schemaPart, attrName, subName);
}

export function resolveAttribute(
  resourceType: ResourceTypeDef,
  schemaUrn: string | undefined,
  attrName: string,
  subName?: string,
): ResolvedAttribute | undefined {
  const lower = attrName.toLowerCase();
  const candidates: { schema: SchemaDef | undefined; extension: boolean; defs: AttributeDef[] }[] =
    [];
  if (schemaUrn === undefined) {
    candidates.push({ schema: undefined, extension: false, defs: COMMON_ATTRIBUTES });
    candidates.push({ schema: resourceType.schema, extension: false, defs: resourceType.schema.attributes });
  } else {
    const s = schemaById(schemaUrn);
    if (!s) return undefined;
    if (s.id === resourceType.schema.id) {
      candidates.push({ schema: undefined, extension: false, defs: COMMON_ATTRIBUTES });
      candidates.push({ schema: s, extension: false, defs: s.attributes });
    } else if (resourceType.extensions.some((e) => e.schema.id === s.id)) {
      candidates.push({ schema: s, extension: true, defs: s.attributes });
    } else {
      return undefined;
    }
  }
  if (schemaUrn === undefined) {
    // An unqualified name that only an extension defines (Entra sends `manager` for the
    // enterprise extension's manager) resolves there when exactly one extension has it.
    const owners = resourceType.extensions.filter((e) =>
      e.schema.attributes.some((d) => d.name.toLowerCase() === lower),
    );
    if (owners.length === 1 && !COMMON_ATTRIBUTES.concat(resourceType.schema.attributes).some((d) => d.name.toLowerCase() === lower)) {
      candidates.push({ schema: owners[0]!.schema, extension: true, defs: owners[0]!.schema.attributes });
    }
  }
  for (const c of candidates) {
    const attribute = c.defs.find((d) => d.name.toLowerCase() === lower);
    if (!attribute) continue;
    if (subName === undefined) return { schema: c.schema, extension: c.extension, attribute };
    const subAttribute = findSubAttribute(attribute, subName);
    if (!subAttribute) return undefined;
    return { schema: c.schema, extension: c.extension, attribute, subAttribute };
  }
  return undefined;
}

/** RFC 7643 §7: a schema as the /Schemas endpoint returns it. */
export function schemaRepresentation(schema: SchemaDef, baseUrl: string) {
  return {
    schemas: [SCHEMA_URNS.schema],
    id: schema.id,
    name: schema.name,
    description: schema.description,
    attributes: schema.attributes,
    meta: { resourceType: "Schema", location: `${baseUrl}/Schemas/${schema.id}` },
  };
}

/** RFC 7643 §6: a resource type as /ResourceTypes returns it. */
export function resourceTypeRepresentation(rt: ResourceTypeDef, baseUrl: string) {
  return {
    schemas: [SCHEMA_URNS.resourceType],
    id: rt.name,
    name: rt.name,
    endpoint: rt.endpoint,
    description: rt.description,
    schema: rt.schema.id,
    schemaExtensions: rt.extensions.map((e) => ({ schema: e.schema.id, required: e.required })),
    meta: { resourceType: "ResourceType", location: `${baseUrl}/ResourceTypes/${rt.name}` },
  };
}

export const MAX_RESULTS = 1000;
export const DEFAULT_COUNT = 100;

/**
 * RFC 7643 §5: what this service supports, truthfully. The body limit is given as
 * `bulk.maxPayloadSize`, the one place §5 defines the name: a top-level `maxPayloadSize`
 * is no attribute of the schema, and strict clients (python's scim2-client) refuse the
 * whole document for it.
 */
export function serviceProviderConfig(baseUrl: string, maxBodyBytes: number) {
  return {
    schemas: [SCHEMA_URNS.serviceProviderConfig],
    documentationUri: `${baseUrl.replace(/\/scim\/v2$/, "")}/security`,
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: maxBodyBytes },
    filter: { supported: true, maxResults: MAX_RESULTS },
    changePassword: { supported: false },
    sort: { supported: true },
    etag: { supported: true },
    authenticationSchemes: [
      {
        type: "oauthbearertoken",
        name: "OAuth Bearer Token",
        description:
          "A SCIM API token generated by a System Admin in Admin Center > Security & Controls, sent as 'Authorization: Bearer <token>'.",
        specUri: "https://www.rfc-editor.org/info/rfc6750",
        primary: true,
      },
    ],
    meta: {
      resourceType: "ServiceProviderConfig",
      location: `${baseUrl}/ServiceProviderConfig`,
    },
  };
}
