import type { Metadata } from "next";
import { adminContext } from "@/app/_auth/require-admin";
import { getSecurityState } from "@/lib/security/get-security-state";
import { DomainsCard } from "@/app/(admin)/security/_components/domains-card";
import { NoPlanAlert } from "@/app/(admin)/security/_components/no-plan-alert";

export const metadata: Metadata = { title: "Domains · Security & Controls" };

export default async function SecurityDomainsPage() {
  const { db } = await adminContext();
  const state = await getSecurityState(db);
  return (
    <>
      {!state.plan && <NoPlanAlert />}
      <DomainsCard initialState={state} />
    </>
  );
}
