import { osloDay } from '../common/quarter.js';
import { quarterInWords } from '../common/norwegian.js';
import ExcelJS from 'exceljs';
import type { Writable } from 'node:stream';
import { DeliveryStatus } from '../initiatives/entities/enums.js';
import { RoundState } from '../rounds/entities/reporting-round-record.entity.js';
import { UpdateState } from '../status-updates/entities/status-update.entity.js';
import type { InitiativeRow, RoundFile, StatusFile } from './exports.service.js';
import { NO_UPDATE, NOT_REPORTED, OBSTACLE_NAMES, STATUS_NAMES, statusName, UPDATE_STATE_NAMES } from './norwegian.js';

/*
 * The spreadsheets, written with exceljs's streaming writer: each row goes into the zip stream as it is
 * committed, so a file of 5,000 initiatives is never held whole besides the rows it is made from. Cells
 * have real types: counts and progress are numbers, «Publisert» and «Sist oppdatert» dates, «Oppdatert i
 * kvartalet» and «For sent» booleans; headings and status names are Norwegian.
 */

const DATE = 'dd.mm.yyyy';
const DATE_TIME = 'dd.mm.yyyy hh:mm';

/** Excel keeps no time zone: an instant is written as the day it was in Oslo (midnight of that day). */
function osloDate(instant: Date | null | undefined): Date | null {
  if (!instant) return null;
  const [y, m, d] = osloDay(instant).split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d));
}

/** Made once, as norwegian.ts's formats are (a new one per cell costs time and uncounted memory). */
const OSLO_WALL_CLOCK = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Oslo',
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
});

/** An instant as the Oslo wall-clock time Excel shows. */
function osloDateTime(instant: Date | null | undefined): Date | null {
  if (!instant) return null;
  const parts = OSLO_WALL_CLOCK.formatToParts(instant);
  const n = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  return new Date(Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second')));
}

/** A calendar date (YYYY-MM-DD) as an Excel date. */
function calendarDate(day: string | null | undefined): Date | null {
  if (!day) return null;
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d));
}

function workbookOn(out: Writable): ExcelJS.stream.xlsx.WorkbookWriter {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  workbook.creator = 'Handlingsplan tracker';
  return workbook;
}

function sheet(workbook: ExcelJS.stream.xlsx.WorkbookWriter, name: string, columns: Partial<ExcelJS.Column>[]) {
  const worksheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  worksheet.columns = columns;
  worksheet.getRow(1).font = { bold: true };
  return worksheet;
}

const goalSheetName = (number: number) => `Mål ${number}`;

/** Sammendrag's table: one row per status, then «Ikke rapportert» and the total; a column per goal. */
function countRows(file: { overview: StatusFile['overview'] }): (string | number)[][] {
  const { overview } = file;
  const rows: (string | number)[][] = [];
  for (const status of Object.values(DeliveryStatus)) {
    const count = (counts: { status: DeliveryStatus; count: number }[]) =>
      counts.find((c) => c.status === status)!.count;
    rows.push([
      STATUS_NAMES[status],
      count(overview.statusCounts),
      ...overview.goals.map((g) => count(g.statusCounts)),
    ]);
  }
  rows.push([NOT_REPORTED, overview.notReported, ...overview.goals.map((g) => g.notReported)]);
  rows.push(['Antall initiativer', overview.initiativeCount, ...overview.goals.map((g) => g.initiativeCount)]);
  return rows;
}

/** Which initiative a row is about, first in both files' sheets. */
const INITIATIVE_COLUMNS: Partial<ExcelJS.Column>[] = [
  { header: 'Kode', key: 'code', width: 8 },
  { header: 'Initiativ', key: 'title', width: 48 },
  { header: 'Utførende virksomhet', key: 'agency', width: 32 },
  { header: 'Organisasjonsnummer', key: 'orgNumber', width: 20 },
];

/** The status in words and as its code. */
const STATUS_PAIR: Partial<ExcelJS.Column>[] = [
  { header: 'Status', key: 'statusText', width: 20 },
  { header: 'Statuskode', key: 'status', width: 15 },
];

const STATUS_COLUMNS: Partial<ExcelJS.Column>[] = [
  ...INITIATIVE_COLUMNS,
  ...STATUS_PAIR,
  { header: 'Rapportert for', key: 'reportedFor', width: 14 },
  { header: 'Oppdatert i kvartalet', key: 'upToDate', width: 20 },
  { header: 'Fremdrift (%)', key: 'progress', width: 13 },
  { header: 'Publisert', key: 'publishedAt', width: 12, style: { numFmt: DATE } },
  { header: 'Mål', key: 'goals', width: 8 },
  { header: 'Sammendrag', key: 'summary', width: 60 },
  { header: 'Hindringer', key: 'obstacles', width: 30 },
];

function statusRow(row: InitiativeRow) {
  const { initiative, update, status, upToDate } = row.standing;
  return {
    code: initiative.code,
    title: initiative.title,
    agency: row.agency?.name ?? null,
    orgNumber: row.agency?.orgNumber ?? null,
    statusText: statusName(status),
    status: status ?? null,
    reportedFor: update?.period ?? null,
    upToDate,
    progress: update?.progressPercent ?? null,
    publishedAt: osloDate(update?.publishedAt),
    goals: row.goalNumbers.join(', '),
    summary: update?.summary ?? null,
    obstacles: update?.obstacles?.map((o) => OBSTACLE_NAMES[o]).join(', ') || null,
  };
}

/** The status of a period: «Sammendrag» with the counts, then «Mål N» with each goal's initiatives. */
export async function writeStatusXlsx(file: StatusFile, out: Writable): Promise<void> {
  const workbook = workbookOn(out);
  const { overview } = file;
  const summary = sheet(workbook, 'Sammendrag', [
    { header: 'Status på handlingsplanens initiativer', key: 'label', width: 36 },
    { key: 'all', width: 16 },
    ...overview.goals.map(() => ({ width: 10 })),
  ]);
  summary.addRow(['Strategi', overview.strategy.title]).commit();
  summary.addRow(['Kvartal', quarterInWords(overview.period)]).commit();
  summary.addRow(['Periode', overview.period]).commit();
  const updated = summary.addRow(['Sist oppdatert', osloDate(overview.lastPublishedAt)]);
  updated.getCell(2).numFmt = DATE;
  updated.commit();
  summary.addRow([]).commit();
  const head = summary.addRow(['Status', 'Alle mål', ...overview.goals.map((g) => goalSheetName(g.goal.number))]);
  head.font = { bold: true };
  head.commit();
  for (const values of countRows(file)) summary.addRow(values).commit();
  summary.commit();

  for (const goal of file.goals) {
    const worksheet = sheet(workbook, goalSheetName(goal.number), STATUS_COLUMNS);
    for (const row of goal.rows) worksheet.addRow(statusRow(row)).commit();
    worksheet.commit();
  }
  await workbook.commit();
}

const ROUND_STATE_NAMES: Record<RoundState, string> = {
  [RoundState.OPEN]: 'Åpen',
  [RoundState.CLOSED]: 'Avsluttet',
};

const ROUND_COLUMNS: Partial<ExcelJS.Column>[] = [
  ...INITIATIVE_COLUMNS,
  { header: 'Rapport', key: 'stateText', width: 14 },
  { header: 'Rapportkode', key: 'state', width: 13 },
  ...STATUS_PAIR,
  { header: 'Først sendt inn', key: 'firstSubmittedAt', width: 17, style: { numFmt: DATE_TIME } },
  { header: 'For sent', key: 'late', width: 10 },
];

/** A reporting round: «Sammendrag» with its dates and counts, «Mål N» with each goal's expected initiatives. */
export async function writeRoundXlsx(file: RoundFile, out: Writable): Promise<void> {
  const workbook = workbookOn(out);
  const { round, record } = file;
  const missing = file.rows.filter(
    (r) => !r.update || r.update.state === UpdateState.DRAFT || r.update.state === UpdateState.RETURNED,
  );
  const summary = sheet(workbook, 'Sammendrag', [
    { header: `Rapporteringsrunden for ${quarterInWords(file.period)}`, key: 'label', width: 36 },
    { key: 'value', width: 20 },
  ]);
  const dated = (label: string, value: Date | null, format: string) => {
    const row = summary.addRow([label, value]);
    row.getCell(2).numFmt = format;
    row.commit();
  };
  summary.addRow(['Strategi', file.strategyTitle]).commit();
  summary.addRow(['Periode', file.period]).commit();
  summary.addRow(['Runde', record ? ROUND_STATE_NAMES[record.state] : 'Ikke åpnet']).commit();
  dated('Frist', calendarDate(record?.dueDate), DATE);
  dated('Åpnet', osloDateTime(record?.openedAt), DATE_TIME);
  dated('Avsluttet', osloDateTime(record?.closedAt), DATE_TIME);
  summary.addRow([]).commit();
  const counts: [string, number][] = [
    ['Forventet (aktive initiativer)', round.expected],
    ['Utkast', round.drafts],
    ['Sendt inn', round.submitted],
    ['Godkjent', round.approved],
    ['Returnert', round.returned],
    ['Mangler (ikke sendt inn)', missing.length],
    ['For sent', file.late],
  ];
  for (const values of counts) summary.addRow(values).commit();
  summary.commit();

  for (const goal of file.goals) {
    const worksheet = sheet(workbook, goalSheetName(goal.number), ROUND_COLUMNS);
    for (const row of goal.rows) {
      const { initiative } = row.standing;
      const update = row.update;
      worksheet
        .addRow({
          code: initiative.code,
          title: initiative.title,
          agency: row.agency?.name ?? null,
          orgNumber: row.agency?.orgNumber ?? null,
          stateText: update ? UPDATE_STATE_NAMES[update.state] : NO_UPDATE,
          state: update?.state ?? null,
          statusText: update ? STATUS_NAMES[update.status] : null,
          status: update?.status ?? null,
          firstSubmittedAt: osloDateTime(update?.firstSubmittedAt),
          late: row.late,
        })
        .commit();
    }
    worksheet.commit();
  }
  await workbook.commit();
}
