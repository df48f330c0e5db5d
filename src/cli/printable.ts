/**
 * Names and addresses come from people, and may be old enough to predate the rules that now refuse
 * control characters in them. Printed raw, an ESC would drive the administrator's terminal and a
 * U+202E would reverse what follows it. Every `idp` output goes through `printable`, which shows such
 * characters as `\uXXXX` escapes: readable in text, and the same character again inside a JSON string.
 */

/** Control (but line breaks and tabs), format (bidi, zero-width), and line/paragraph separators. */
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\p{Cf}\p{Zl}\p{Zp}]/gu;
/** The same, with line breaks and tabs, for one value printed on one line. */
const UNSAFE_IN_A_LINE = /[\u0000-\u001f\u007f-\u009f\p{Cf}\p{Zl}\p{Zp}]/gu;

function escape(character: string): string {
  return [...character].map((c) => `\\u${c.codePointAt(0)!.toString(16).padStart(4, '0')}`).join('');
}

/** Whole output: line breaks and tabs stay, anything else that is not shown becomes `\uXXXX`. */
export function printable(text: string): string {
  return text.replace(UNSAFE, escape);
}

/** One value (a name, an address) inside a line of text output: line breaks are escaped too. */
export function oneLine(value: string): string {
  return value.replace(UNSAFE_IN_A_LINE, escape);
}
