import type { Metadata } from "next";
import { adminContext } from "@/app/_auth/require-admin";
import { NoPlanAlert } from "@/app/(admin)/security/_components/no-plan-alert";
import { listAdoptionRequests } from "@/lib/directory/list-adoption-requests";
import { getPlan } from "@/lib/plan/get-plan";
import { AdoptionPolicyCard } from "./_components/adoption-policy-card";
import { AdoptionRequestsCard, DecidedAdoptionsCard } from "./_components/adoption-requests";

export const metadata: Metadata = { title: "Adoption · Security & Controls" };

export default async function SecurityAdoptionPage() {
  const { db } = await adminContext();
  if (!await getPlan(db)) return <NoPlanAlert />;
  const view = await listAdoptionRequests(db, { now: Date.now() });
  return (
    <>
      <AdoptionPolicyCard policy={view.policy} />
      <AdoptionRequestsCard pending={view.pending} total={view.pendingTotal} policy={view.policy} />
      <DecidedAdoptionsCard decided={view.decided} />
    </>
  );
}
