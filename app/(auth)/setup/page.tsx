import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { requestDb } from "@/app/_server/db";
import { countAdmins } from "@/lib/admins/count-admins";
import { SetupForm } from "./setup-form";

export const metadata: Metadata = { title: "Set up" };

export default async function SetupPage() {
  // One-time: once an admin exists, setup is closed for good.
  if (await countAdmins(await requestDb()) > 0) redirect("/sign-in");
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm sm:p-8">
      <h1 className="text-xl font-semibold text-slate-900">Set up the Admin Center</h1>
      <p className="mt-1 text-sm text-slate-600">
        This page is open only until the first System Admin exists. Enter the setup code from the server&apos;s log,
        create your admin account and name the plan; you can add more admins later with the operator CLI.
      </p>
      <SetupForm />
    </div>
  );
}
