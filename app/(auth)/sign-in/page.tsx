import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { safeCallbackUrl } from "@/app/_auth/callback-url";
import { currentAdmin } from "@/app/_auth/require-admin";
import { sessionEndedMessage, signInErrorMessage, ssoStartMessage } from "@/app/_auth/sign-in-errors";
import { requestDb } from "@/app/_server/db";
import { countAdmins } from "@/lib/admins/count-admins";
import { getSsoConnection } from "@/lib/sso/get-sso-connection";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const one = (value: string | string[] | undefined): string | undefined => (typeof value === "string" ? value : undefined);

export default async function SignInPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const db = await requestDb();
  // A fresh install has nobody to sign in: the first admin is made on the setup page.
  if (await countAdmins(db) === 0) redirect("/setup");
  const callbackUrl = safeCallbackUrl(params.callbackUrl);
  if (await currentAdmin()) redirect(callbackUrl);

  const connection = await getSsoConnection(db);
  const sso = connection?.enabled
    ? { idpName: connection.idpName, callbackUrl: params.callbackUrl !== undefined ? callbackUrl : null }
    : undefined;
  const email = one(params.email)?.slice(0, 320);
  const ssoProblem = one(params.sso);
  const error =
    (ssoProblem ? ssoStartMessage(ssoProblem, email) : undefined) ?? (one(params.error) ? signInErrorMessage(one(params.error)!) : undefined);
  const ended = one(params.ended) ? sessionEndedMessage(one(params.ended)!) : undefined;
  const notice =
    ended ??
    (params.signedOut !== undefined
      ? "You are signed out."
      : params.setup !== undefined
        ? "Setup is complete. Sign in with the email and password you chose."
        : params.callbackUrl !== undefined
          ? sso
            ? "Sign in to continue."
            : "Sign in as a System Admin to continue."
          : undefined);

  return (
    <div className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm sm:p-8">
      <h1 className="text-xl font-semibold text-slate-900">Sign in</h1>
      <p className="mt-1 text-sm text-slate-600">
        {sso ? `People of this plan sign in with ${connection!.idpName}; System Admins may also use a password.` : "For System Admins of this plan."}
      </p>
      <SignInForm callbackUrl={callbackUrl} initialError={error} notice={notice} sso={sso} initialEmail={email} />
      {one(params.ended) === "no-admin-rights" && (
        <p className="mt-4 text-sm">
          <Link className="text-blue-700 underline" href="/app">
            Open your workspace
          </Link>
        </p>
      )}
    </div>
  );
}
