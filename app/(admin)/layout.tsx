import type { ReactNode } from "react";
import { adminContext } from "@/app/_auth/require-admin";
import { AdminShell } from "@/components/shell/admin-shell";
import { getPlan } from "@/lib/plan/get-plan";

/** Every Admin Center page: a signed-in System Admin only (proxy.ts redirects first). */
export default async function AdminLayout({ children }: { children: ReactNode }) {
  const { admin, db } = await adminContext();
  const plan = getPlan(db);
  return (
    <AdminShell planName={plan?.name ?? null} adminEmail={admin.email}>
      {children}
    </AdminShell>
  );
}
