import type { Metadata } from "next";
import { adminContext } from "@/app/_auth/require-admin";
import { publicOrigin } from "@/app/_server/origin";
import { getSecurityState } from "@/lib/security/get-security-state";
import { NoPlanAlert } from "@/app/(admin)/security/_components/no-plan-alert";
import { ScimTokensCard } from "@/app/(admin)/security/_components/scim-tokens-card";

export const metadata: Metadata = { title: "SCIM tokens · Security & Controls" };

export default async function SecurityTokensPage() {
  const { db } = await adminContext();
  const state = await getSecurityState(db);
  const baseUrl = `${await publicOrigin()}/scim/v2`;
  return (
    <>
      {!state.plan && <NoPlanAlert />}
      <ScimTokensCard initialState={state} baseUrl={baseUrl} />
    </>
  );
}
