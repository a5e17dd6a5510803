import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import type { Db } from "@/db/client";
import type { AdminView } from "@/lib/admins/admin-view";
import { countAdmins } from "@/lib/admins/count-admins";
import { getAdmin } from "@/lib/admins/get-admin";
import { requestDb } from "@/app/_server/db";
import { authOptions } from "./auth-options";

/** The signed-in System Admin, or undefined (no session, or the admin no longer exists). */
export async function currentAdmin(): Promise<AdminView | undefined> {
  const db = await requestDb();
  const session = await getServerSession(authOptions);
  const id = session?.user.id;
  return id ? getAdmin(db, id) : undefined;
}

/**
 * Every Admin Center layout and server action calls this, behind proxy.ts's redirect
 * (defence in depth: the proxy only checks that a session cookie decrypts). Sends a
 * signed-out visitor to the sign-in page, or to setup on a fresh install.
 */
export async function requireAdmin(): Promise<AdminView> {
  const admin = await currentAdmin();
  if (admin) return admin;
  redirect(countAdmins(await requestDb()) === 0 ? "/setup" : "/sign-in");
}

/**
 * The admin and the database, for Admin Center pages, route handlers and server actions.
 * Pages call it themselves (not only through the layout): Next renders a layout and its
 * page independently, so a layout check alone does not stop a page from running.
 */
export async function adminContext(): Promise<{ admin: AdminView; db: Db }> {
  const admin = await requireAdmin();
  return { admin, db: await requestDb() };
}
