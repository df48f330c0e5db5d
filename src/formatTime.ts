/** Times as people read them on pages and in mails: "30 November 2026 at 07:27 UTC". */
const format = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' });

export function formatTime(date: Date): string {
  return `${format.format(date)} UTC`;
}
