import type { Admin } from "@/db/schema";

/** An admin as the app may show it: never the password hash. */
export type AdminView = Omit<Admin, "passwordHash" | "emailNorm" | "passwordChangedAt">;

export function toAdminView(admin: Admin): AdminView {
  return {
    id: admin.id,
    email: admin.email,
    name: admin.name,
    createdAt: admin.createdAt,
    lastSignInAt: admin.lastSignInAt,
    lastSignInAddress: admin.lastSignInAddress,
    disabledAt: admin.disabledAt,
    breakGlass: admin.breakGlass,
  };
}
