import { Alert } from "@/components/ui/alert";

/** Shown on every sub-page while the installation has no plan (only the operator CLI creates one). */
export function NoPlanAlert() {
  return (
    <Alert tone="warn">
      This installation has no plan yet. Create it with the operator CLI:{" "}
      <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-[0.8125rem] break-all text-slate-800">
        npm run admin -- plan set --name &quot;Acme&quot; --primary-email it@acme.example
      </code>
    </Alert>
  );
}
