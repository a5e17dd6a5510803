import type { Metadata } from "next";
import { adminContext } from "@/app/_auth/require-admin";
import { publicOrigin } from "@/app/_server/origin";
import { getSecurityState } from "@/lib/security/get-security-state";
import { DirectoryIntegrationCard } from "@/app/(admin)/security/_components/directory-integration-card";
import { NoPlanAlert } from "@/app/(admin)/security/_components/no-plan-alert";
import { OktaStepsCard } from "@/app/(admin)/security/_components/okta-steps-card";

export const metadata: Metadata = { title: "Directory Integration · Security & Controls" };

export default async function SecurityDirectoryPage() {
  const { db } = await adminContext();
  const state = await getSecurityState(db);
  const baseUrl = `${await publicOrigin()}/scim/v2`;
  return (
    <>
      {!state.plan && <NoPlanAlert />}
      <DirectoryIntegrationCard initialState={state} />
      <OktaStepsCard baseUrl={baseUrl} />
    </>
  );
}
