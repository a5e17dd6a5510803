import { Fragment } from "react";

/** Drops a parenthesised CLI command, e.g. " (`settings set uap off`)": on the page the fix is a control. */
const stripCliHint = (text: string) => text.replace(/\s\(`[^`]+`\)/g, "");

const asSentence = (text: string) => {
  const trimmed = text.trim();
  // "acme.example is…" keeps its case: a domain, an email or a command is not a word.
  const firstWord = trimmed.split(/\s/, 1)[0] ?? "";
  const capital = /[.@`"]/.test(firstWord) ? trimmed : trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?:]$/.test(capital) ? capital : `${capital}.`;
};

/** A lib message as plain text (for a field's error): a sentence, without CLI hints or backticks. */
export function plainMessage(text: string): string {
  return asSentence(stripCliHint(text).replaceAll("`", ""));
}

/**
 * A lib message as a browser admin reads it. The same messages serve the CLI, so they may
 * carry a parenthesised command: that hint is dropped; other `code` spans show as code.
 */
export function MessageText({ text }: { text: string }) {
  const parts = asSentence(stripCliHint(text)).split("`");
  return (
    <>
      {parts.map((part, index) =>
        index % 2 === 1 ? (
          <code key={index} className="rounded bg-black/5 px-1 font-mono text-[0.8125rem]">
            {part}
          </code>
        ) : (
          <Fragment key={index}>{part}</Fragment>
        ),
      )}
    </>
  );
}
