import type { Metadata } from "next";
import { adminContext } from "@/app/_auth/require-admin";
import { getSecurityState } from "@/lib/security/get-security-state";
import { NoPlanAlert } from "@/app/(admin)/security/_components/no-plan-alert";
import { PlanSwitchesCard } from "@/app/(admin)/security/_components/plan-switches-card";

export const metadata: Metadata = { title: "Plan switches · Security & Controls" };

export default async function SecurityPlanPage() {
  const { db } = await adminContext();
  const state = await getSecurityState(db);
  return (
    <>
      {!state.plan && <NoPlanAlert />}
      <PlanSwitchesCard initialState={state} />
    </>
  );
}
