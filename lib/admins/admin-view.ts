import type { Admin } from "@/db/schema";

/** An admin as the app may show it: never the password hash. */
export type AdminView = Omit<Admin, "passwordHash" | "emailNorm">;

export function toAdminView(admin: Admin): AdminView {
  return {
    id: admin.id,
    email: admin.email,
    name: admin.name,
    createdAt: admin.createdAt,
    lastSignInAt: admin.lastSignInAt,
  };
}
