/**
 * The whole data model of docs/product.md. Times are integer milliseconds since the epoch (UTC):
 * cheap to compare in SQL and to index, and SCIM renders them as RFC 3339 (RFC 7643 §2.3.5).
 *
 * There is one plan per installation (the `plan` row with id 1).
 */
import { sql } from "drizzle-orm";
import {
  check,
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  uniqueIndex,
} from "drizzle-orm/sqlite-core";

export const SEAT_TYPES = [
  "Member",
  "Provisional Member",
  "Contributor",
  "Guest",
  "No Access",
] as const;
export type SeatType = (typeof SEAT_TYPES)[number];

export const USER_STATUSES = ["active", "deactivated"] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

/** Where a user came from (docs/product.md §3, §4 UAP). */
export const USER_SOURCES = ["scim", "uap", "admin"] as const;
export type UserSource = (typeof USER_SOURCES)[number];

/** Who set the user's current seat. `di` seats follow the IdP at every sync. */
export const SEAT_SETTERS = ["di", "admin", "system", "default"] as const;
export type SeatSetter = (typeof SEAT_SETTERS)[number];

export const SESSION_END_REASONS = [
  "signed-out",
  "revoked",
  "password-changed",
  "disabled",
  "expired",
  "idle",
  /** A plan user deactivated by SCIM or an admin (docs/product.md §3). */
  "deactivated",
  /** "Require single sign-on" turned on: password sessions of admins who are not break-glass end. */
  "sso-required",
] as const;
/** How a session was opened: a local admin's password, or the plan's IdP (issue 12). */
export const SESSION_METHODS = ["password", "saml", "oidc"] as const;
export type SessionMethod = (typeof SESSION_METHODS)[number];
export const SSO_PROTOCOLS = ["saml", "oidc"] as const;
export type SsoProtocol = (typeof SSO_PROTOCOLS)[number];
/** An outstanding SSO request: a real sign-in, or an admin's test that opens no session. */
export const SSO_REQUEST_PURPOSES = ["sign-in", "test"] as const;
export type SsoRequestPurpose = (typeof SSO_REQUEST_PURPOSES)[number];
export const PROVISIONAL_POLICIES = ["admin-approval", "auto-upgrade"] as const;
export type ProvisionalPolicy = (typeof PROVISIONAL_POLICIES)[number];

/** Canonical role names (docs/product.md §2). `SYSTEM_ADMIN` is accepted on input and expanded. */
export const ROLES = [
  "LICENSED_USER",
  "GROUP_ADMIN",
  "RESOURCE_VIEWER",
  "USER_ADMIN",
  "PAYMENT_ADMIN",
  "DATA_ADMIN",
  "JIRA_USER",
  "JIRA_ADMIN",
  "SALESFORCE_USER",
  "SALESFORCE_ADMIN",
] as const;
export type Role = (typeof ROLES)[number];

export const ACTIVITY_KINDS = ["scim", "seat", "settings", "user", "auth"] as const;
/** What the plan does when the IdP creates a person who is already on the plan (issue 14 §2). */
export const ADOPTION_POLICIES = ["automatic", "admin-approval", "refuse"] as const;
export type AdoptionPolicy = (typeof ADOPTION_POLICIES)[number];
/** The changes the mass-deactivation breaker holds (issue 14 §1). */
export const HELD_CHANGE_KINDS = ["deactivate", "delete", "downgrade"] as const;
export type HeldChangeKind = (typeof HELD_CHANGE_KINDS)[number];
/** `superseded`: the IdP itself took the change back (e.g. re-added the person) before anyone decided. */
export const HELD_CHANGE_DECISIONS = ["released", "discarded", "superseded"] as const;
export type HeldChangeDecision = (typeof HELD_CHANGE_DECISIONS)[number];
/** The events an outbound webhook can subscribe to (issue 14 §4). */
export const ALERT_EVENTS = [
  "breaker.tripped",
  "adoption.waiting",
  "di.turned-off",
  "token.expiring",
  "token.unused",
  "scim.failure-spike",
  "saml.certificate-expiring",
] as const;
export type AlertEvent = (typeof ALERT_EVENTS)[number];
/** A delivery carries an alert, or the test an admin sends to check an endpoint (never subscribed to, never an alert). */
export const WEBHOOK_TEST_EVENT = "webhook.test";
export const WEBHOOK_DELIVERY_EVENTS = [...ALERT_EVENTS, WEBHOOK_TEST_EVENT] as const;
export type WebhookDeliveryEvent = (typeof WEBHOOK_DELIVERY_EVENTS)[number];
export const WEBHOOK_FORMATS = ["json", "slack"] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];
export const WEBHOOK_DELIVERY_STATUSES = ["pending", "delivered", "failed"] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

/** The default of every creation time: now, in milliseconds (schema-pg.ts gives PostgreSQL its own). */
export const now = sql`(CAST(unixepoch('subsec') * 1000 AS INTEGER))`;

export const plan = sqliteTable("plan", {
  id: integer("id").primaryKey(),
  name: text("name").notNull(),
  primaryEmail: text("primary_email").notNull(),
  /** Enabled by the operator ("contact support", docs/product.md §3.9 step 1). */
  scimEnabled: integer("scim_enabled", { mode: "boolean" }).notNull().default(false),
  diEnabled: integer("di_enabled", { mode: "boolean" }).notNull().default(false),
  diChangedAt: integer("di_changed_at"),
  autoUpgrade: integer("auto_upgrade", { mode: "boolean" }).notNull().default(true),
  uapEnabled: integer("uap_enabled", { mode: "boolean" }).notNull().default(false),
  provisionalPolicy: text("provisional_policy", { enum: PROVISIONAL_POLICIES })
    .notNull()
    .default("admin-approval"),
  reviewDays: integer("review_days").notNull().default(30),
  /** Activity entries older than this are deleted by the scheduler (issue 11: an unbounded log fills the disk). */
  activityRetentionDays: integer("activity_retention_days").notNull().default(400),
  /**
   * The mass-deactivation breaker (issue 14 §1, README "Mass-deactivation breaker"): more than
   * `breaker_percent` % of active users and at least `breaker_min_people` SCIM deactivations or DI
   * downgrades from Member within `breaker_window_minutes` hold the rest for an admin.
   */
  breakerEnabled: integer("breaker_enabled", { mode: "boolean" }).notNull().default(true),
  breakerPercent: integer("breaker_percent").notNull().default(2),
  breakerMinPeople: integer("breaker_min_people").notNull().default(25),
  breakerWindowMinutes: integer("breaker_window_minutes").notNull().default(10),
  adoptionPolicy: text("adoption_policy", { enum: ADOPTION_POLICIES }).notNull().default("automatic"),
  /** SCIM request and response bodies are kept this long (issue 14 §3), the entries themselves longer. */
  scimBodyRetentionDays: integer("scim_body_retention_days").notNull().default(14),
  createdAt: integer("created_at").notNull().default(now),
  updatedAt: integer("updated_at").notNull().default(now),
});

export const admins = sqliteTable(
  "admins",
  {
    id: text("id").primaryKey(),
    email: text("email").notNull(),
    /** Lower-cased email: sign-in is case-insensitive. */
    emailNorm: text("email_norm").notNull(),
    name: text("name").notNull(),
    /** `scrypt$N$r$p$salt$hash`, see lib/admins/password.ts */
    passwordHash: text("password_hash").notNull(),
    createdAt: integer("created_at").notNull().default(now),
    lastSignInAt: integer("last_sign_in_at"),
    /** Where the last sign-in came from (the client address, docs/product.md §8). */
    lastSignInAddress: text("last_sign_in_address"),
    /** A disabled admin cannot sign in and has no session (lib/admins/set-admin-disabled.ts). */
    disabledAt: integer("disabled_at"),
    passwordChangedAt: integer("password_changed_at"),
    /**
     * May sign in with a password while the plan requires single sign-on (sso_connection.
     * require_sso_for_admins): the accounts kept for when the IdP itself is down.
     */
    breakGlass: integer("break_glass", { mode: "boolean" }).notNull().default(false),
  },
  (t) => [uniqueIndex("admins_email_norm_idx").on(t.emailNorm)],
);

/**
 * Every session, server-side: a local admin's (password) and a plan user's (through the IdP,
 * who may also open the Admin Center while their roles give System Admin rights). The
 * cookie carries only a random secret; this keeps its SHA-256, so signing out, a password
 * change, disabling the admin, deactivating the user or an operator's revoke ends a session
 * at once (lib/admins/admin-sessions.ts, lib/sessions/plan-user-sessions.ts). A row is kept
 * after it ends (ended_at, end_reason) for the Admins screen and for knowing an admin's own
 * addresses (sign-in throttling), and pruned after 30 days. Exactly one of admin_id and
 * user_id is set.
 */
export const sessions = sqliteTable(
  "sessions",
  {
    /** SHA-256 of the session secret the cookie carries: a copy of the database opens nothing. */
    idHash: text("id_hash").primaryKey(),
    adminId: text("admin_id").references(() => admins.id, { onDelete: "cascade" }),
    userId: text("user_id").references(() => users.id, { onDelete: "cascade" }),
    method: text("method", { enum: SESSION_METHODS }).notNull(),
    createdAt: integer("created_at").notNull(),
    lastSeenAt: integer("last_seen_at").notNull(),
    /** The absolute end: created_at + the session lifetime, however active the session is. */
    expiresAt: integer("expires_at").notNull(),
    clientAddress: text("client_address"),
    userAgent: text("user_agent"),
    endedAt: integer("ended_at"),
    endReason: text("end_reason", { enum: SESSION_END_REASONS }),
  },
  (t) => [
    index("sessions_admin_idx").on(t.adminId, t.endedAt).where(sql`admin_id IS NOT NULL`),
    // user_id alone: ending a session (every SCIM deactivation) then rewrites no index entry;
    // a user has a handful of session rows to filter by ended_at.
    index("sessions_user_idx").on(t.userId).where(sql`user_id IS NOT NULL`),
    check("sessions_one_principal", sql`(admin_id IS NULL) <> (user_id IS NULL)`),
  ],
);

/**
 * Failed admin sign-ins, counted per key (lib/admins/sign-in-throttle.ts): a client address,
 * an account (email, also emails that are not admins) and an account from one address.
 */
export const signInThrottles = sqliteTable("sign_in_throttles", {
  key: text("key").primaryKey(),
  failures: integer("failures").notNull().default(0),
  lastFailureAt: integer("last_failure_at").notNull(),
  /** No attempt on this key is checked before then: growing delays, never a lock. */
  blockedUntil: integer("blocked_until"),
  /** The activity entry that refused attempts fold into (details.count), while blocked. */
  activityId: integer("activity_id"),
});

export const domains = sqliteTable(
  "domains",
  {
    id: text("id").primaryKey(),
    /** Lower-cased domain name. */
    name: text("name").notNull(),
    /** Value of the TXT record the admin publishes. */
    verificationValue: text("verification_value").notNull(),
    verifiedAt: integer("verified_at"),
    lastCheckedAt: integer("last_checked_at"),
    lastCheckResult: text("last_check_result"),
    createdAt: integer("created_at").notNull().default(now),
    createdBy: text("created_by").notNull(),
  },
  (t) => [uniqueIndex("domains_name_idx").on(t.name)],
);

export const scimTokens = sqliteTable(
  "scim_tokens",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    /** SHA-256 of the token, hex. The token itself is never stored. */
    tokenHash: text("token_hash").notNull(),
    createdAt: integer("created_at").notNull().default(now),
    createdBy: text("created_by").notNull(),
    lastUsedAt: integer("last_used_at"),
    expiresAt: integer("expires_at"),
    revokedAt: integer("revoked_at"),
    revokedBy: text("revoked_by"),
  },
  (t) => [uniqueIndex("scim_tokens_hash_idx").on(t.tokenHash)],
);

export const users = sqliteTable(
  "users",
  {
    /** Server-assigned, opaque, case-sensitive (RFC 7643 §3.1). */
    id: text("id").primaryKey(),
    userName: text("user_name").notNull(),
    /** Lower-cased userName: unique, case-insensitive (RFC 7643 §4.1.1). */
    userNameNorm: text("user_name_norm").notNull(),
    externalId: text("external_id"),
    displayName: text("display_name"),
    givenName: text("given_name"),
    familyName: text("family_name"),
    /**
     * Lower-cased display name (else "given family") and family name: the Admin Center's
     * name search is a prefix range over these (lib/directory/list-users.ts), in JS case
     * folding like the other *_norm columns.
     */
    nameNorm: text("name_norm"),
    familyNameNorm: text("family_name_norm"),
    /** Primary email as sent, and lower-cased for lookups and domain checks. */
    email: text("email"),
    emailNorm: text("email_norm"),
    status: text("status", { enum: USER_STATUSES }).notNull().default("active"),
    seatType: text("seat_type", { enum: SEAT_TYPES }).notNull().default("Contributor"),
    seatSetBy: text("seat_set_by", { enum: SEAT_SETTERS }).notNull().default("default"),
    /** An admin changed the seat of a DI-managed user; the next sync replaces it. */
    pendingOverride: integer("pending_override", { mode: "boolean" }).notNull().default(false),
    reviewStartedAt: integer("review_started_at"),
    reviewEndsAt: integer("review_ends_at"),
    /** The IdP sent active:true for a deactivated user (docs/product.md §3); an admin must act. */
    reactivationRequestedAt: integer("reactivation_requested_at"),
    deactivatedAt: integer("deactivated_at"),
    source: text("source", { enum: USER_SOURCES }).notNull().default("scim"),
    firstSignInAt: integer("first_sign_in_at"),
    lastSignInAt: integer("last_sign_in_at"),
    /** Roles from SCIM `roles` and the seat-extension booleans, canonical, comma-joined, sorted. */
    directRoles: text("direct_roles").notNull().default(""),
    /**
     * The SCIM resource as last written by the IdP (core, enterprise and seat extension
     * attributes), without id, meta, groups, password and the read-only seat attributes,
     * which come from columns. Echoed back exactly (docs/product.md §2: Okta finds roles by `type`).
     */
    resource: text("resource", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    /** SCIM DELETE: the user is kept, deactivated, but the SCIM resource answers 404. */
    scimDeletedAt: integer("scim_deleted_at"),
    /** When an existing UAP or admin-added user was linked to the IdP's identity (issue 14 §2: adoption). */
    scimLinkedAt: integer("scim_linked_at"),
    version: integer("version").notNull().default(1),
    createdAt: integer("created_at").notNull().default(now),
    updatedAt: integer("updated_at").notNull().default(now),
  },
  (t) => [
    uniqueIndex("users_user_name_norm_idx").on(t.userNameNorm),
    index("users_external_id_idx").on(t.externalId),
    index("users_email_norm_idx").on(t.emailNorm),
    // Every column the seat engine reads, so a DI re-evaluation of every user reads this
    // index and not the table (decideAllSeats); its prefix serves seat counts and filters.
    index("users_seat_idx").on(
      t.status,
      t.seatType,
      t.seatSetBy,
      t.pendingOverride,
      t.reviewEndsAt,
      t.directRoles,
      t.id,
    ),
    index("users_updated_at_idx").on(t.updatedAt),
    // The Admin Center's sort orders (lib/directory/list-users.ts, USER_SORT_SQL): each is
    // "column, rowid", which these indexes hold in order, so a page reads its rows off the
    // index and stops (no sort of every match). Name and email sort on their search indexes.
    index("users_seat_rank_idx").on(sql`(CASE seat_type WHEN 'Member' THEN 0 WHEN 'Provisional Member' THEN 1 WHEN 'Contributor' THEN 2 WHEN 'Guest' THEN 3 ELSE 4 END)`),
    index("users_status_idx").on(t.status),
    index("users_source_idx").on(t.source),
    index("users_first_sign_in_idx").on(t.firstSignInAt),
    index("users_last_sign_in_idx").on(t.lastSignInAt),
    index("users_name_norm_idx").on(t.nameNorm),
    index("users_family_name_norm_idx").on(t.familyNameNorm),
    // The users SCIM can see (SCIM_VISIBLE_USERS in lib/users/user-queries.ts): every
    // SCIM list counts and pages over it, so count(*) and OFFSET walk this small index in
    // rowid order instead of the table's rows with their JSON.
    index("users_scim_visible_idx")
      .on(t.scimDeletedAt)
      .where(sql`scim_deleted_at IS NULL AND seat_type <> 'Guest'`),
    // Rows with names but no name_norm: what db/fill-name-norms.ts fills at start-up. Empty
    // once filled (every writer sets the norms), so that check costs nothing at any size,
    // even when most users have no names at all (Guests, UAP sign-ins).
    index("users_name_norm_missing_idx")
      .on(t.id)
      .where(sql`name_norm IS NULL AND coalesce(display_name, given_name, family_name) IS NOT NULL`),
    // The Users list's narrow sets (lib/directory/list-users.ts): the candidates for "not
    // signed in yet" (PENDING_CANDIDATE_SQL, the same text, or SQLite ignores the index), whom
    // every page of the main list leaves out and the counter counts; a pending override; a
    // reactivation request. Partial, so a write outside them costs only the WHERE test.
    // Its columns are constants there but listed, so a page reads the index alone (covering).
    index("users_pending_candidate_idx")
      .on(t.id, t.status, t.source, t.firstSignInAt, t.directRoles)
      .where(sql`status = 'active' AND source = 'scim' AND first_sign_in_at IS NULL AND direct_roles = ''`),
    index("users_pending_override_idx").on(t.id).where(sql`pending_override = 1`),
    index("users_reactivation_requested_idx").on(t.id).where(sql`reactivation_requested_at IS NOT NULL`),
  ],
);

/** Every email of a user (SCIM `emails`), so `emails.value eq` uses an index. */
export const userEmails = sqliteTable(
  "user_emails",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    valueNorm: text("value_norm").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.position] }),
    index("user_emails_value_norm_idx").on(t.valueNorm),
  ],
);

export const groups = sqliteTable(
  "groups",
  {
    id: text("id").primaryKey(),
    displayName: text("display_name").notNull(),
    displayNameNorm: text("display_name_norm").notNull(),
    externalId: text("external_id"),
    version: integer("version").notNull().default(1),
    createdAt: integer("created_at").notNull().default(now),
    updatedAt: integer("updated_at").notNull().default(now),
  },
  (t) => [
    uniqueIndex("groups_display_name_norm_idx").on(t.displayNameNorm),
    index("groups_external_id_idx").on(t.externalId),
    index("groups_updated_at_idx").on(t.updatedAt),
  ],
);

export const groupMembers = sqliteTable(
  "group_members",
  {
    groupId: text("group_id")
      .notNull()
      .references(() => groups.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    addedAt: integer("added_at").notNull().default(now),
  },
  (t) => [
    primaryKey({ columns: [t.groupId, t.userId] }),
    index("group_members_user_idx").on(t.userId),
  ],
);

/** A pushed group that a System Admin mapped to a role (docs/product.md §2.3, way 3). */
export const groupRoleMappings = sqliteTable("group_role_mappings", {
  groupId: text("group_id")
    .primaryKey()
    .references(() => groups.id, { onDelete: "cascade" }),
  role: text("role", { enum: ROLES }).notNull(),
  mappedBy: text("mapped_by").notNull(),
  mappedAt: integer("mapped_at").notNull().default(now),
});

/**
 * The activity log (docs/product.md §7): SCIM requests, seat changes, settings changes, user and
 * sign-in events. Columns for what is filtered on; `details` for the rest.
 */
export const activity = sqliteTable(
  "activity",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    at: integer("at").notNull(),
    kind: text("kind", { enum: ACTIVITY_KINDS }).notNull(),
    /** Admin email, token name, "system" or "scheduler". */
    actor: text("actor").notNull(),
    /** Short machine name of what happened, e.g. `seat.changed`, `settings.di`. */
    action: text("action").notNull(),
    method: text("method"),
    path: text("path"),
    status: integer("status"),
    durationMs: integer("duration_ms"),
    tokenId: text("token_id"),
    userId: text("user_id"),
    groupId: text("group_id"),
    fromValue: text("from_value"),
    toValue: text("to_value"),
    /** Human-readable why, e.g. "Member: role LICENSED_USER from group 'Okta Licensed'". */
    reason: text("reason"),
    details: text("details", { mode: "json" }).$type<Record<string, unknown>>(),
    /** The client's address (SCIM requests, sign-ins); behind a proxy only when TRUST_PROXY is set. */
    clientAddress: text("client_address"),
  },
  (t) => [
    index("activity_at_idx").on(t.at),
    index("activity_kind_at_idx").on(t.kind, t.at),
    // Partial: most entries are SCIM requests that name no user and did not fail, and each
    // index entry is a write on the request log's hot path (bench: existence check).
    index("activity_user_at_idx").on(t.userId, t.at).where(sql`user_id IS NOT NULL`),
    index("activity_failed_at_idx").on(t.at).where(sql`status >= 400`),
    // A group's "last pushed" time (issue 13): group requests are few next to user requests,
    // so the partial index costs the hot path almost nothing.
    index("activity_group_at_idx").on(t.groupId, t.at).where(sql`group_id IS NOT NULL`),
  ],
);

/**
 * SCIM requests per hour (migration 0011, kept by triggers on activity): Overview's
 * provisioning health, its failures warning and the DI-off banner count a week of a million
 * requests from these rows instead of reading the entries (lib/overview/count-scim-requests.ts).
 * `part`: `token`, `anonymous` (no valid token) or `deactivation` (the IdP deactivated or
 * deleted a user); `path_start` the path's class; `requests` counts a folded row as details.count.
 */
export const activityHours = sqliteTable(
  "activity_hours",
  {
    hour: integer("hour").notNull(),
    part: text("part", { enum: ["token", "anonymous", "deactivation"] }).notNull(),
    method: text("method").notNull(),
    pathStart: text("path_start").notNull(),
    failed: integer("failed").notNull(),
    diOff: integer("di_off").notNull(),
    requests: integer("requests").notNull(),
  },
  (t) => [primaryKey({ columns: [t.hour, t.part, t.method, t.pathStart, t.failed, t.diOff] })],
);

/** One row a day of seat counts, for the 90-day chart (true-up reconciliation). */
export const seatSnapshots = sqliteTable("seat_snapshots", {
  day: text("day").primaryKey(),
  members: integer("members").notNull(),
  provisional: integer("provisional").notNull(),
  contributors: integer("contributors").notNull(),
  guests: integer("guests").notNull(),
  noAccess: integer("no_access").notNull(),
  deactivated: integer("deactivated").notNull(),
});

/**
 * Counts kept by triggers (db/migrations/0001_*.sql) so a hot query need not count rows:
 * `scim_visible_users` is the `totalResults` of an unfiltered SCIM /Users list
 * (SCIM_VISIBLE_USERS in lib/users/user-queries.ts), which every page of Okta's
 * import sweep asks for; counting 100,000 index entries each time was most of a page.
 * `users:<status>:<seat_type>:<source>` and `activity:<kind>:<status>` (migration 0010) are
 * the Users page's counters and totals and the Activity page's totals (issue 13). `seat_inputs`
 * (migration 0011) changes with every write to what a seat re-evaluation reads: the DI preview's cache key.
 * `scim_visible_shifts` (migration 0014) changes when a write moves visible users to other ranks of that
 * list (not on a create, which comes last): the key of the random pages' rank checkpoints.
 */
export const counters = sqliteTable("counters", {
  name: text("name").primaryKey(),
  value: integer("value").notNull(),
});

/**
 * The plan's single sign-on connection (issue 12; README "Single sign-on"): one row (id 1).
 * Both protocols' settings are kept, `protocol` says which one plan users sign in with, and
 * `enabled` turns sign-in through the IdP on or off without losing them.
 */
export const ssoConnection = sqliteTable("sso_connection", {
  id: integer("id").primaryKey(),
  protocol: text("protocol", { enum: SSO_PROTOCOLS }).notNull(),
  enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
  /** What plan users and the header call the IdP ("Okta", "Microsoft Entra ID"). */
  idpName: text("idp_name").notNull(),
  samlIdpEntityId: text("saml_idp_entity_id"),
  /** The IdP's single sign-on service (HTTP-Redirect binding). */
  samlSsoUrl: text("saml_sso_url"),
  /** PEM certificates that may sign responses: one, or two while the IdP rotates its key. */
  samlCertificates: text("saml_certificates", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
  /** Accept responses the IdP sends unasked (IdP-initiated SSO, from the Okta dashboard or My Apps). */
  samlAllowIdpInitiated: integer("saml_allow_idp_initiated", { mode: "boolean" }).notNull().default(false),
  oidcIssuer: text("oidc_issuer"),
  oidcClientId: text("oidc_client_id"),
  /** The client secret, encrypted (lib/sso/secret-box.ts): never shown again once saved. */
  oidcClientSecretEnc: text("oidc_client_secret_enc"),
  /** Leeway on NotBefore / NotOnOrAfter and ID-token times, for clocks that drift apart. */
  clockSkewSeconds: integer("clock_skew_seconds").notNull().default(60),
  /** Password sign-in only for break-glass admins; everyone else signs in through the IdP. */
  requireSsoForAdmins: integer("require_sso_for_admins", { mode: "boolean" }).notNull().default(false),
  updatedAt: integer("updated_at").notNull().default(now),
  updatedBy: text("updated_by").notNull(),
});

/**
 * SSO requests we sent and not yet saw answered: a SAML AuthnRequest (id = its ID, matched
 * against InResponseTo) or an OIDC authorization request (id = SHA-256 of its state, which
 * the browser carries in a cookie). Used once, then deleted; expired ones are pruned.
 */
export const ssoRequests = sqliteTable(
  "sso_requests",
  {
    id: text("id").primaryKey(),
    protocol: text("protocol", { enum: SSO_PROTOCOLS }).notNull(),
    purpose: text("purpose", { enum: SSO_REQUEST_PURPOSES }).notNull(),
    createdAt: integer("created_at").notNull(),
    expiresAt: integer("expires_at").notNull(),
    /** Same-origin path to open after sign-in. */
    returnTo: text("return_to"),
    /** The email the person typed (a login hint for the IdP, and what a refusal names). */
    emailHint: text("email_hint"),
    /** OIDC: PKCE code verifier and nonce (RFC 7636, OpenID Connect Core §3.1.2.1). */
    codeVerifier: text("code_verifier"),
    nonce: text("nonce"),
    /** purpose "test": the admin who runs it (by email), shown the result. */
    testedBy: text("tested_by"),
  },
  (t) => [index("sso_requests_expires_idx").on(t.expiresAt)],
);

/** Assertion IDs (SAML) and ID-token jti/nonce (OIDC) already used, kept until they expire: no replay. */
export const ssoReplay = sqliteTable(
  "sso_replay",
  {
    id: text("id").primaryKey(),
    expiresAt: integer("expires_at").notNull(),
  },
  (t) => [index("sso_replay_expires_idx").on(t.expiresAt)],
);

/** Plan content in the workspace (/app): what a Member-only action creates (docs/product.md §4). */
export const sheets = sqliteTable(
  "sheets",
  {
    id: text("id").primaryKey(),
    ownerId: text("owner_id")
      .notNull()
      .references(() => users.id),
    name: text("name").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("sheets_owner_idx").on(t.ownerId, t.createdAt)],
);

export const BULK_JOB_STATUSES = ["running", "done", "failed", "interrupted"] as const;
export type BulkJobStatus = (typeof BULK_JOB_STATUSES)[number];

/**
 * A bulk action over every user matching a filter (issue 13): it runs in the server in
 * batches, so the Admin Center can show its progress. The row is the progress: another
 * instance answers a progress poll from it, and a job whose process died is seen as
 * `interrupted` (its `updated_at` stops moving).
 */
export const bulkJobs = sqliteTable(
  "bulk_jobs",
  {
    id: text("id").primaryKey(),
    /** The bulk action (lib/directory/run-bulk-action.ts BULK_ACTIONS). */
    action: text("action").notNull(),
    /** The users list filter it was started with, as the Users screen's query. */
    filter: text("filter", { mode: "json" }).notNull().$type<Record<string, unknown>>(),
    adminId: text("admin_id").notNull(),
    actor: text("actor").notNull(),
    status: text("status", { enum: BULK_JOB_STATUSES }).notNull(),
    total: integer("total").notNull(),
    processed: integer("processed").notNull().default(0),
    changed: integer("changed").notNull().default(0),
    unchanged: integer("unchanged").notNull().default(0),
    refused: integer("refused").notNull().default(0),
    /** The first refusals, for the admin to read (the rest are counted). */
    refusals: text("refusals", { mode: "json" }).notNull().$type<{ userId: string; name: string; reason: string }[]>().default(sql`'[]'`),
    error: text("error"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
    finishedAt: integer("finished_at"),
  },
  (t) => [index("bulk_jobs_created_idx").on(t.createdAt)],
);

/**
 * A change the mass-deactivation breaker holds (issue 14 §1): what the IdP asked for one user,
 * not applied until an admin releases it. One undecided row per user: the IdP's repeats update it.
 */
export const heldChanges = sqliteTable(
  "held_changes",
  {
    id: text("id").primaryKey(),
    tripId: integer("trip_id")
      .notNull()
      .references(() => breakerTrips.id),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: HELD_CHANGE_KINDS }).notNull(),
    /** Seat or status before and what the IdP's request would make it. */
    fromValue: text("from_value").notNull(),
    toValue: text("to_value").notNull(),
    /** Why, in the seat engine's words (a downgrade) or the request (a deactivation). */
    reason: text("reason"),
    method: text("method"),
    path: text("path"),
    tokenId: text("token_id"),
    /** The token's name when held (tokens can be revoked and renamed later). */
    actor: text("actor").notNull(),
    heldAt: integer("held_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
    decision: text("decision", { enum: HELD_CHANGE_DECISIONS }),
    decidedAt: integer("decided_at"),
    decidedBy: text("decided_by"),
  },
  (t) => [
    uniqueIndex("held_changes_open_user_idx").on(t.userId).where(sql`decided_at IS NULL`),
    index("held_changes_trip_idx").on(t.tripId, t.heldAt),
  ],
);

/** One row a wave: the breaker trips once, and stays tripped until every held change is decided. */
export const breakerTrips = sqliteTable("breaker_trips", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  trippedAt: integer("tripped_at").notNull(),
  /** The settings and counts that tripped it, as the banner and the log explain them. */
  windowMinutes: integer("window_minutes").notNull(),
  threshold: integer("threshold").notNull(),
  activeUsers: integer("active_users").notNull(),
  changesInWindow: integer("changes_in_window").notNull(),
  clearedAt: integer("cleared_at"),
  clearedBy: text("cleared_by"),
});

/**
 * SCIM deactivations and DI downgrades from Member that were applied, for the breaker's sliding
 * window; rows older than the longest window are pruned by the scheduler.
 */
export const breakerWindow = sqliteTable(
  "breaker_window",
  {
    at: integer("at").notNull(),
    userId: text("user_id").notNull(),
    kind: text("kind", { enum: HELD_CHANGE_KINDS }).notNull(),
  },
  (t) => [index("breaker_window_at_idx").on(t.at)],
);

/** A create from the IdP for a person already on the plan, waiting for an admin (adoption "admin approval"). */
export const adoptionRequests = sqliteTable(
  "adoption_requests",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** The IdP's resource as sent (password removed): what the link applies once approved. */
    resource: text("resource", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    externalId: text("external_id"),
    tokenId: text("token_id"),
    actor: text("actor").notNull(),
    requestedAt: integer("requested_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
    decision: text("decision", { enum: ["approved", "refused"] }),
    decidedAt: integer("decided_at"),
    decidedBy: text("decided_by"),
  },
  (t) => [
    uniqueIndex("adoption_requests_open_user_idx").on(t.userId).where(sql`decided_at IS NULL`),
    index("adoption_requests_requested_idx").on(t.requestedAt),
    // A user's latest request, decided or not: an admin's refusal stands for the IdP's later
    // writes to that user (lib/directory/adoption-requests.ts), found per write, not scanned.
    index("adoption_requests_user_idx").on(t.userId, t.requestedAt),
  ],
);

/**
 * A SCIM request's bodies (issue 14 §3), keyed by its activity entry's id: no index of its own,
 * so the request log's hot path pays one row; pruned by id range after scim_body_retention_days.
 * Secrets redacted and each body capped before it is stored.
 */
export const scimBodies = sqliteTable("scim_bodies", {
  activityId: integer("activity_id").primaryKey(),
  request: text("request"),
  response: text("response"),
  /** Bytes cut off each body by the cap (0: whole). */
  requestTruncated: integer("request_truncated").notNull().default(0),
  responseTruncated: integer("response_truncated").notNull().default(0),
});

/** An outbound webhook (issue 14 §4): where alerts go, which events, and the HMAC secret. */
export const webhookEndpoints = sqliteTable("webhook_endpoints", {
  id: text("id").primaryKey(),
  url: text("url").notNull(),
  description: text("description"),
  events: text("events", { mode: "json" }).$type<AlertEvent[]>().notNull(),
  format: text("format", { enum: WEBHOOK_FORMATS }).notNull().default("json"),
  /** The signing secret, encrypted with the secret box (lib/sso/secret-box.ts); shown once when made. */
  secretEnc: text("secret_enc").notNull(),
  enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
  createdAt: integer("created_at").notNull(),
  createdBy: text("created_by").notNull(),
  updatedAt: integer("updated_at").notNull(),
});

/** One event for one endpoint: retried with back-off until delivered or out of attempts. */
export const webhookDeliveries = sqliteTable(
  "webhook_deliveries",
  {
    id: text("id").primaryKey(),
    endpointId: text("endpoint_id")
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: "cascade" }),
    event: text("event", { enum: WEBHOOK_DELIVERY_EVENTS }).notNull(),
    /** The alert it carries (raise-alert.ts): one alert, one delivery per subscribed endpoint; a test: the delivery's own id. */
    alertId: text("alert_id").notNull(),
    payload: text("payload").notNull(),
    status: text("status", { enum: WEBHOOK_DELIVERY_STATUSES }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: integer("next_attempt_at"),
    createdAt: integer("created_at").notNull(),
    finishedAt: integer("finished_at"),
  },
  (t) => [
    index("webhook_deliveries_due_idx").on(t.nextAttemptAt).where(sql`status = 'pending'`),
    index("webhook_deliveries_endpoint_idx").on(t.endpointId, t.createdAt),
  ],
);

/** Each try of a delivery: when, what came back (status and the start of the body) or why it failed. */
export const webhookAttempts = sqliteTable(
  "webhook_attempts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    deliveryId: text("delivery_id")
      .notNull()
      .references(() => webhookDeliveries.id, { onDelete: "cascade" }),
    at: integer("at").notNull(),
    httpStatus: integer("http_status"),
    responseExcerpt: text("response_excerpt"),
    error: text("error"),
    durationMs: integer("duration_ms").notNull(),
  },
  (t) => [index("webhook_attempts_delivery_idx").on(t.deliveryId, t.at)],
);

/**
 * Alerts raised (issue 14 §4), one row each: what Overview's warnings and the webhooks share.
 * `key` makes a condition alert once (e.g. `token.expiring:<token id>`) until it is cleared.
 */
export const alerts = sqliteTable(
  "alerts",
  {
    id: text("id").primaryKey(),
    event: text("event", { enum: ALERT_EVENTS }).notNull(),
    key: text("key").notNull(),
    summary: text("summary").notNull(),
    details: text("details", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    /** Same-origin path of the Admin Center page that explains it. */
    link: text("link"),
    raisedAt: integer("raised_at").notNull(),
    clearedAt: integer("cleared_at"),
  },
  (t) => [
    uniqueIndex("alerts_open_key_idx").on(t.key).where(sql`cleared_at IS NULL`),
    index("alerts_raised_idx").on(t.raisedAt),
  ],
);

export type Plan = typeof plan.$inferSelect;
export type HeldChange = typeof heldChanges.$inferSelect;
export type BreakerTrip = typeof breakerTrips.$inferSelect;
export type AdoptionRequest = typeof adoptionRequests.$inferSelect;
export type WebhookEndpoint = typeof webhookEndpoints.$inferSelect;
export type WebhookDelivery = typeof webhookDeliveries.$inferSelect;
export type WebhookAttempt = typeof webhookAttempts.$inferSelect;
export type Alert = typeof alerts.$inferSelect;
export type BulkJob = typeof bulkJobs.$inferSelect;
export type Admin = typeof admins.$inferSelect;
export type Session = typeof sessions.$inferSelect;
export type SsoConnection = typeof ssoConnection.$inferSelect;
export type SsoRequest = typeof ssoRequests.$inferSelect;
export type Sheet = typeof sheets.$inferSelect;
export type SessionEndReason = (typeof SESSION_END_REASONS)[number];
export type Domain = typeof domains.$inferSelect;
export type ScimToken = typeof scimTokens.$inferSelect;
export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;
export type Group = typeof groups.$inferSelect;
export type GroupRoleMapping = typeof groupRoleMappings.$inferSelect;
export type Activity = typeof activity.$inferSelect;
export type NewActivity = typeof activity.$inferInsert;
export type SeatSnapshot = typeof seatSnapshots.$inferSelect;
