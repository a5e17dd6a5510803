import type { Metadata } from "next";
import Link from "next/link";
import { requestDb } from "@/app/_server/db";
import { listAdminContacts, type AdminContact } from "@/lib/admins/list-admin-contacts";

export const metadata: Metadata = { title: "Sign-in refused" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

interface Copy {
  title: string;
  body: (email: string | undefined) => string;
  /** Whether starting again can help (an expired request), or only an admin can. */
  retry: boolean;
}

const COPY: Record<string, Copy> = {
  deactivated: {
    title: "Your account is deactivated",
    body: (email) => `${email ?? "Your account"} was deactivated and cannot sign in. If you should have access, ask a System Admin of your plan to reactivate you in your identity provider.`,
    retry: false,
  },
  "not-on-plan": {
    title: "You are not on this plan yet",
    body: (email) =>
      `${email ?? "Your account"} is not a user of this plan, and this plan does not add people by themselves: the identity provider provisions people. Ask a System Admin of your plan to assign you the app in the identity provider.`,
    retry: false,
  },
  "not-on-validated-domain": {
    title: "This email is not on the plan's domains",
    body: (email) =>
      `${email ?? "This email"} is not on a validated domain of this plan, so it cannot sign in here. Sign in with your work email, or ask a System Admin of your plan.`,
    retry: false,
  },
  "invalid-response": {
    title: "The sign-in could not be verified",
    body: () =>
      "Your identity provider's answer did not pass our security checks, so you were not signed in. There is nothing you can fix from here: a System Admin of your plan can see why in the Activity log and correct the connection.",
    retry: false,
  },
  "expired-request": {
    title: "The sign-in expired",
    body: () => "The sign-in took longer than 10 minutes, or this page was already used once. Start again from the sign-in page.",
    retry: true,
  },
};

function Contacts({ contacts }: { contacts: AdminContact[] }) {
  if (contacts.length === 0) return <p className="mt-4 text-sm text-slate-700">Ask the person who runs this plan.</p>;
  return (
    <div className="mt-4">
      <h2 className="text-sm font-medium text-slate-900">System Admins of your plan</h2>
      <ul className="mt-1 flex flex-col gap-1 text-sm text-slate-700">
        {contacts.map((contact) => (
          <li key={contact.email} className="break-words">
            {contact.name} ·{" "}
            <a className="text-blue-700 underline" href={`mailto:${contact.email}`}>
              {contact.email}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** /sso/refused?reason=…&email=…: why the IdP's sign-in did not let the person in, and whom to ask. */
export default async function SsoRefusedPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const reason = typeof params.reason === "string" && params.reason in COPY ? params.reason : "invalid-response";
  const email = typeof params.email === "string" ? params.email.slice(0, 320) : undefined;
  const copy = COPY[reason]!;
  const contacts = await listAdminContacts(await requestDb());
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm sm:p-8">
      <h1 className="text-xl font-semibold text-slate-900">{copy.title}</h1>
      <p className="mt-2 text-sm break-words text-slate-700">{copy.body(email)}</p>
      {!copy.retry && <Contacts contacts={contacts} />}
      <p className="mt-6 text-sm">
        <Link className="text-blue-700 underline" href="/sign-in">
          {copy.retry ? "Sign in again" : "Back to sign-in"}
        </Link>
      </p>
    </div>
  );
}
