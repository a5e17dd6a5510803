import type { ReactNode } from "react";
import { adminContext, signedInWith } from "@/app/_auth/require-admin";
import { AdminShell } from "@/components/shell/admin-shell";
import { countHeldNow } from "@/lib/directory/get-breaker-status";
import { getProvisioningAlert } from "@/lib/overview/get-provisioning-alert";
import { getPlan } from "@/lib/plan/get-plan";

/** Every Admin Center page: a signed-in System Admin only (proxy.ts redirects first). */
export default async function AdminLayout({ children }: { children: ReactNode }) {
  const { admin, db } = await adminContext();
  const plan = await getPlan(db);
  const provisioningAlert = await getProvisioningAlert(db, Date.now());
  // One read of the trips table's last row when nothing is held (every page pays it).
  const heldChanges = await countHeldNow(db);
  return (
    <AdminShell planName={plan?.name ?? null} adminEmail={admin.email} signedInWith={signedInWith(admin)} provisioningAlert={provisioningAlert} heldChanges={heldChanges}>
      {children}
    </AdminShell>
  );
}
