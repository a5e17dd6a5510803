import { inTransaction, type Db } from "@/db/client";
import type { ProvisionalPolicy } from "@/db/schema";
import { checkDiPreconditions, type DiPrecondition } from "@/lib/directory/check-di-preconditions";
import { emailDomain } from "@/lib/domains/domain-name";
import type { DomainView } from "@/lib/domains/domain-view";
import { listDomains } from "@/lib/domains/list-domains";
import { listDomainRemovals, type DomainRemoval } from "@/lib/domains/remove-domain";
import { getSetupChecklist, type SetupChecklist } from "@/lib/overview/get-setup-checklist";
import { getPlan } from "@/lib/plan/get-plan";
import { autoUpgradeWarning } from "@/lib/seats/provisional";
import { listTokens } from "@/lib/tokens/list-tokens";
import { MAX_ACTIVE_TOKENS } from "@/lib/tokens/token-format";
import type { TokenView } from "@/lib/tokens/token-view";

export interface SecurityPlan {
  name: string;
  primaryEmail: string;
  /** The primary email's domain (DI needs it validated, docs/product.md §3). */
  primaryDomain: string | null;
  scimEnabled: boolean;
  diEnabled: boolean;
  diChangedAt: number | null;
  autoUpgrade: boolean;
  uapEnabled: boolean;
  provisionalPolicy: ProvisionalPolicy;
  reviewDays: number;
}

/** Everything the Security & Controls page shows, read in one snapshot. */
export interface SecurityState {
  plan: SecurityPlan | null;
  checklist: SetupChecklist;
  /** What turning DI on requires (empty without a plan). */
  preconditions: DiPrecondition[];
  domains: DomainView[];
  validatedDomains: string[];
  /** What removing each domain would do now (docs/product.md §5.3), by name: shown before the click. */
  domainRemovals: Record<string, DomainRemoval>;
  /** Newest first; never the token itself. */
  tokens: TokenView[];
  activeTokens: number;
  maxActiveTokens: number;
  /** docs/product.md §4: the warning while DI and auto-upgrade are both on, or null. */
  autoUpgradeWarning: string | null;
}

export async function getSecurityState(db: Db, now: number = Date.now()): Promise<SecurityState> {
  // Read-only: one snapshot, no write lock.
  return inTransaction(db, async (tx) => {
    const plan = await getPlan(tx);
    const domains = await listDomains(tx);
    const tokens = await listTokens(tx, now);
    return {
      plan: plan
        ? {
            name: plan.name,
            primaryEmail: plan.primaryEmail,
            primaryDomain: emailDomain(plan.primaryEmail) ?? null,
            scimEnabled: plan.scimEnabled,
            diEnabled: plan.diEnabled,
            diChangedAt: plan.diChangedAt,
            autoUpgrade: plan.autoUpgrade,
            uapEnabled: plan.uapEnabled,
            provisionalPolicy: plan.provisionalPolicy,
            reviewDays: plan.reviewDays,
          }
        : null,
      checklist: await getSetupChecklist(tx, now),
      preconditions: plan ? await checkDiPreconditions(tx, plan) : [],
      domains,
      validatedDomains: domains.filter((d) => d.status === "verified").map((d) => d.name),
      domainRemovals: await listDomainRemovals(tx),
      tokens,
      activeTokens: tokens.filter((t) => t.status === "active").length,
      maxActiveTokens: MAX_ACTIVE_TOKENS,
      autoUpgradeWarning: plan ? autoUpgradeWarning(plan) : null,
    };
  }, "deferred");
}
