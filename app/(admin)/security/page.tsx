import type { Metadata } from "next";
import { adminContext } from "@/app/_auth/require-admin";
import { publicOrigin } from "@/app/_server/origin";
import { getSecurityState } from "@/lib/security/get-security-state";
import { AnchorForwarder } from "@/app/(admin)/security/_components/anchor-forwarder";
import { NoPlanAlert } from "@/app/(admin)/security/_components/no-plan-alert";
import { SecuritySummary } from "@/app/(admin)/security/_components/security-summary";
import { SetupChecklist } from "@/app/(admin)/security/_components/setup-checklist";

export const metadata: Metadata = { title: "Security & Controls" };

export default async function SecurityOverviewPage() {
  const { db } = await adminContext();
  const state = await getSecurityState(db);
  const baseUrl = `${await publicOrigin()}/scim/v2`;
  return (
    <>
      <AnchorForwarder />
      {!state.plan && <NoPlanAlert />}
      <SetupChecklist initialState={state} />
      <SecuritySummary initialState={state} baseUrl={baseUrl} />
    </>
  );
}
