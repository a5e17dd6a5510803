"use client";

/** A file input that reads the chosen file as text (IdP metadata, a PEM certificate). */
export function TextFileInput({ id, label, accept, onText }: { id: string; label: string; accept: string; onText: (text: string, name: string) => void }) {
  return (
    <div className="flex flex-wrap items-center gap-2 text-sm">
      <label htmlFor={id} className="font-medium text-slate-800">
        {label}
      </label>
      <input
        id={id}
        type="file"
        accept={accept}
        className="max-w-full text-sm text-slate-700 file:mr-3 file:rounded-md file:border file:border-slate-300 file:bg-white file:px-3 file:py-1 file:text-sm file:font-medium file:text-slate-800 hover:file:bg-slate-100"
        onChange={(event) => {
          const file = event.currentTarget.files?.[0];
          if (!file) return;
          void file.text().then((text) => onText(text, file.name));
        }}
      />
    </div>
  );
}
