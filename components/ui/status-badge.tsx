import { clsx } from "clsx";

const tones = {
  good: "bg-emerald-50 text-emerald-800 ring-emerald-600/30",
  warn: "bg-amber-50 text-amber-900 ring-amber-600/30",
  neutral: "bg-slate-100 text-slate-700 ring-slate-500/30",
} as const;

const icons = { good: "✓", warn: "!", neutral: "○" } as const;

/** A state in words with an icon, never colour alone. */
export function StatusBadge({ tone, children }: { tone: keyof typeof tones; children: string }) {
  return (
    <span
      className={clsx(
        "inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset whitespace-nowrap",
        tones[tone],
      )}
    >
      <span aria-hidden="true">{icons[tone]}</span>
      {children}
    </span>
  );
}
