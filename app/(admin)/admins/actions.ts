"use server";

/** Admins screen writes (README "Security"): the same use cases as the operator CLI's `admin …` and `sessions revoke`. */
import { z } from "zod";
import { adminAction } from "@/app/_server/admin-action";
import { createAdmin } from "@/lib/admins/create-admin";
import { toAdminView } from "@/lib/admins/admin-view";
import { resetAdminPassword } from "@/lib/admins/reset-admin-password";
import { revokeAdminSessions } from "@/lib/admins/revoke-admin-sessions";
import { setAdminBreakGlass } from "@/lib/admins/set-admin-break-glass";
import { setAdminDisabled } from "@/lib/admins/set-admin-disabled";
import { setRequireSso } from "@/lib/admins/set-require-sso";
import { AppError } from "@/lib/errors";
import type { SignedInAdmin } from "@/app/_auth/require-admin";
import { unlockAdmin } from "@/lib/admins/unlock-admin";

// Shapes only: lib's own schemas (lib/admins/admin-input.ts) judge the values and name the field.
const adminId = z.object({ adminId: z.string().min(1).max(100) });
const password = z.string().max(4096);

export const createAdminAction = adminAction(
  z.object({ email: z.string().max(1000), name: z.string().max(1000).optional(), password }),
  async (input, { db, actor }) => toAdminView(await createAdmin(db, input, actor)),
  { failure: "Adding the admin" },
);

export const setAdminDisabledAction = adminAction(
  adminId.extend({ disabled: z.boolean() }),
  async ({ adminId, disabled }, { db, actor, admin }) =>
    setAdminDisabled(db, { admin: { id: adminId }, disabled, actor, actingAdminId: passwordAdminId(admin), now: Date.now() }),
  { failure: "Changing the admin" },
);

export const resetAdminPasswordAction = adminAction(
  adminId.extend({ password }),
  async ({ adminId, password }, { db, actor }) => resetAdminPassword(db, { admin: { id: adminId }, password, actor, now: Date.now() }),
  { failure: "Resetting the password" },
);

/** The local admin behind a password session, for the rules that protect their own session; undefined for an IdP admin. */
const passwordAdminId = (admin: SignedInAdmin): string | undefined => (admin.via === "password" ? admin.id : undefined);

export const changeOwnPasswordAction = adminAction(
  z.object({ currentPassword: password, password }),
  async ({ currentPassword, password }, { db, actor, admin, sessionSecret }) => {
    if (admin.via !== "password") {
      throw new AppError(
        "forbidden",
        `You signed in through ${admin.idpName ?? "the identity provider"}: you have no password here. Change your password at the identity provider.`,
      );
    }
    return resetAdminPassword(db, { admin: { id: admin.id }, password, actor, now: Date.now(), own: { currentPassword, sessionSecret } });
  },
  { failure: "Changing your password" },
);

export const unlockAdminAction = adminAction(
  adminId,
  async ({ adminId }, { db, actor }) => unlockAdmin(db, { admin: { id: adminId }, actor, now: Date.now() }),
  { failure: "Clearing the sign-in wait" },
);

/** Ends an admin's open sessions; for the signed-in admin, every one but this. */
export const revokeAdminSessionsAction = adminAction(
  adminId,
  async ({ adminId }, { db, actor, admin, sessionSecret }) =>
    revokeAdminSessions(db, {
      scope: { admin: { id: adminId } },
      actor,
      now: Date.now(),
      ...(adminId === admin.id ? { exceptSecret: sessionSecret } : {}),
    }),
  { failure: "Ending the sessions" },
);

export const setAdminBreakGlassAction = adminAction(
  adminId.extend({ on: z.boolean() }),
  async ({ adminId, on }, { db, actor, admin }) =>
    setAdminBreakGlass(db, { admin: { id: adminId }, on, actor, actingAdminId: passwordAdminId(admin), now: Date.now() }),
  { failure: "Changing the break-glass mark" },
);

/** "Require single sign-on": only break-glass admins may sign in with a password. */
export const setRequireSsoAction = adminAction(
  z.object({ on: z.boolean() }),
  async ({ on }, { db, actor, admin }) => setRequireSso(db, { on, actor, actingAdminId: passwordAdminId(admin), now: Date.now() }),
  { failure: "Changing password sign-in" },
);
