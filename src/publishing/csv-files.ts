import { stringify } from 'csv-stringify';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { InitiativeRow, InitiativesFile, StatusFile } from './exports.service.js';
import { LIFECYCLE_NAMES, statusName } from './norwegian.js';

/*
 * The CSV files (RFC 4180): UTF-8 with a byte order mark (so spreadsheet programs read æøå right), a
 * header row, comma-separated, CRLF, fields quoted where they hold a comma, quote or line break; one row per
 * initiative, its goal numbers in one column (`1;2`). Machine values beside the Norwegian text: `status`
 * holds the enum name, `statustekst` the name the pages show. Dates are ISO 8601, booleans true/false.
 * Written through csv-stringify's stream, a row at a time.
 */

type Cell = string | number | boolean | Date | null | undefined;

async function writeCsv(columns: string[], rows: Iterable<Record<string, Cell>>, out: Writable): Promise<void> {
  const csv = stringify({
    header: true,
    columns,
    bom: true,
    record_delimiter: 'windows',
    // A text with a line break of its own is quoted (RFC 4180), whatever the record delimiter.
    quote_record_delimiter: true,
    cast: {
      boolean: (value) => (value ? 'true' : 'false'),
      date: (value) => value.toISOString(),
    },
  });
  await pipeline(Readable.from(rows), csv, out);
}

const multi = (values: readonly (string | number)[]) => values.join(';');

export const STATUS_CSV_COLUMNS = [
  'kode',
  'tittel',
  'mål',
  'virksomhet',
  'organisasjonsnummer',
  'status',
  'statustekst',
  'kvartal',
  'rapportert_for',
  'oppdatert_i_kvartalet',
  'fremdrift_prosent',
  'publisert',
  'sammendrag',
  'hindringer',
];

/** One initiative's row of the status files (the CSV, and the open data's JSON uses the same values). */
export function statusRecord(row: InitiativeRow, period: string): Record<string, Cell> {
  const { initiative, update, status, upToDate } = row.standing;
  return {
    kode: initiative.code,
    tittel: initiative.title,
    mål: multi(row.goalNumbers),
    virksomhet: row.agency?.name ?? null,
    organisasjonsnummer: row.agency?.orgNumber ?? null,
    status: status ?? null,
    statustekst: statusName(status),
    kvartal: period,
    rapportert_for: update?.period ?? null,
    oppdatert_i_kvartalet: upToDate,
    fremdrift_prosent: update?.progressPercent ?? null,
    publisert: update?.publishedAt ?? null,
    sammendrag: update?.summary ?? null,
    hindringer: update ? multi(update.obstacles ?? []) : null,
  };
}

export function writeStatusCsv(file: StatusFile, out: Writable): Promise<void> {
  const period = file.overview.period;
  return writeCsv(
    STATUS_CSV_COLUMNS,
    file.rows.map((row) => statusRecord(row, period)),
    out,
  );
}

const INITIATIVE_CSV_COLUMNS = [
  'kode',
  'tittel',
  'sammendrag',
  'mål',
  'ansvarlig_departement',
  'virksomhet',
  'organisasjonsnummer',
  'samarbeidspartnere',
  'startdato',
  'planlagt_slutt',
  'livsfase',
  'livsfasetekst',
  'status',
  'statustekst',
  'statuskvartal',
];

/** The plan's initiatives with their plan data and their newest published status. */
export function writeInitiativesCsv(file: InitiativesFile, out: Writable): Promise<void> {
  return writeCsv(
    INITIATIVE_CSV_COLUMNS,
    file.rows.map((row) => {
      const { initiative, update, status } = row.standing;
      const ministry = initiative.responsibleMinistryId ? file.ministries.get(initiative.responsibleMinistryId) : null;
      return {
        kode: initiative.code,
        tittel: initiative.title,
        sammendrag: initiative.summary,
        mål: multi(row.goalNumbers),
        ansvarlig_departement: ministry?.name ?? null,
        virksomhet: row.agency?.name ?? null,
        organisasjonsnummer: row.agency?.orgNumber ?? null,
        samarbeidspartnere: multi((file.partners.get(initiative.id) ?? []).map((p) => p.name)),
        startdato: initiative.startDate,
        planlagt_slutt: initiative.plannedEndDate,
        livsfase: initiative.lifecycle,
        livsfasetekst: LIFECYCLE_NAMES[initiative.lifecycle],
        status: status ?? null,
        statustekst: statusName(status),
        statuskvartal: update?.period ?? null,
      };
    }),
    out,
  );
}

/** Rows of any shape (the open data's key figures) as CSV with the given columns. */
export function writeRecordsCsv(columns: string[], rows: Record<string, Cell>[], out: Writable): Promise<void> {
  return writeCsv(columns, rows, out);
}
