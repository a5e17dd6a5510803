/**
 * The one SCIM error catalogue (RFC 7644 §3.12). Everything under /scim/v2 that fails
 * throws a ScimError; the transport renders it with `toScimErrorBody`.
 */
export const SCIM_ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";

/** RFC 7644 §3.12, Table 9. */
export type ScimType =
  | "invalidFilter"
  | "tooMany"
  | "uniqueness"
  | "mutability"
  | "invalidSyntax"
  | "invalidPath"
  | "noTarget"
  | "invalidValue"
  | "invalidVers"
  | "sensitive";

export class ScimError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly scimType?: ScimType,
    /** Extra response headers, e.g. WWW-Authenticate or Retry-After. */
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
    this.name = "ScimError";
  }
}

export interface ScimErrorBody {
  schemas: [typeof SCIM_ERROR_SCHEMA];
  status: string;
  scimType?: ScimType;
  detail: string;
}

export function toScimErrorBody(error: ScimError): ScimErrorBody {
  return {
    schemas: [SCIM_ERROR_SCHEMA],
    // RFC 7644 §3.12: "status" is the HTTP status code as a string.
    status: String(error.status),
    ...(error.scimType ? { scimType: error.scimType } : {}),
    detail: error.detail,
  };
}

export const scimErrors = {
  invalidSyntax: (detail: string) => new ScimError(400, detail, "invalidSyntax"),
  invalidFilter: (detail: string) => new ScimError(400, detail, "invalidFilter"),
  invalidValue: (detail: string) => new ScimError(400, detail, "invalidValue"),
  invalidPath: (detail: string) => new ScimError(400, detail, "invalidPath"),
  noTarget: (detail: string) => new ScimError(400, detail, "noTarget"),
  mutability: (detail: string) => new ScimError(400, detail, "mutability"),
  tooMany: (detail: string) => new ScimError(400, detail, "tooMany"),
  invalidVers: (detail: string) => new ScimError(400, detail, "invalidVers"),
  unauthorized: (detail: string) =>
    new ScimError(401, detail, undefined, { "WWW-Authenticate": 'Bearer realm="scim"' }),
  forbidden: (detail: string) => new ScimError(403, detail),
  notFound: (detail: string) => new ScimError(404, detail),
  methodNotAllowed: (detail: string, allow: string[]) =>
    new ScimError(405, detail, undefined, { Allow: allow.join(", ") }),
  uniqueness: (detail: string) => new ScimError(409, detail, "uniqueness"),
  conflict: (detail: string) => new ScimError(409, detail),
  preconditionFailed: (detail: string) => new ScimError(412, detail),
  payloadTooLarge: (detail: string) => new ScimError(413, detail),
  unsupportedMediaType: (detail: string) => new ScimError(415, detail),
  tooManyRequests: (detail: string, retryAfterSeconds: number) =>
    new ScimError(429, detail, undefined, { "Retry-After": String(retryAfterSeconds) }),
  notImplemented: (detail: string) => new ScimError(501, detail),
  serviceUnavailable: (detail: string, retryAfterSeconds: number) =>
    new ScimError(503, detail, undefined, { "Retry-After": String(retryAfterSeconds) }),
  internal: () =>
    new ScimError(500, "The server could not complete the request. It has been logged; try again."),
} as const;
