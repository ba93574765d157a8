/**
 * Dates and quarters in Norwegian words, written out here rather than through Intl's nb locale, so the text
 * does not depend on the ICU data a Node build carries. The one home for e-mails, the demo's messages and
 * the status pages.
 */
const MONTHS = [
  'januar',
  'februar',
  'mars',
  'april',
  'mai',
  'juni',
  'juli',
  'august',
  'september',
  'oktober',
  'november',
  'desember',
];

/** 2025-Q3 as «3. kvartal 2025». */
export function quarterInWords(period: string): string {
  return `${Number(period.slice(6))}. kvartal ${period.slice(0, 4)}`;
}

/** A calendar date (YYYY-MM-DD) as «15. oktober 2025». */
export function dateInWords(date: string): string {
  const [year, month, day] = date.slice(0, 10).split('-').map(Number);
  return `${day}. ${MONTHS[month - 1]} ${year}`;
}
