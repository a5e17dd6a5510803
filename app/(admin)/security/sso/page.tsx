import type { Metadata } from "next";
import { adminContext } from "@/app/_auth/require-admin";
import { publicOrigin } from "@/app/_server/origin";
import { getSsoWarnings } from "@/lib/overview/get-warnings";
import { getSsoSettings } from "@/lib/sso/get-sso-settings";
import { getPlan } from "@/lib/plan/get-plan";
import { resolveSecretBoxKey } from "@/server/auth-secret";
import { NoPlanAlert } from "@/app/(admin)/security/_components/no-plan-alert";
import { SsoScreen } from "./_components/sso-screen";

export const metadata: Metadata = { title: "Single sign-on · Security & Controls" };

export default async function SecuritySsoPage() {
  const { db } = await adminContext();
  const now = Date.now();
  const view = await getSsoSettings(db, { origin: await publicOrigin(), now });
  const warnings = await getSsoWarnings(db, { now, secretBoxKey: resolveSecretBoxKey() });
  return (
    <>
      {!await getPlan(db) && <NoPlanAlert />}
      <SsoScreen view={view} warnings={warnings} />
    </>
  );
}
