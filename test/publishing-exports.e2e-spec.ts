import { osloDay } from '../src/common/quarter.js';
import { ModulesContainer } from '@nestjs/core';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { PATH_METADATA } from '@nestjs/common/constants.js';
import { PUBLIC_KEY, ROLES_KEY } from '../src/auth/roles.decorator.js';
import { graphql } from './graphql/graphql.js';
import { rawRequest } from './support/raw-http.js';
import { createTestApp, TestApp } from './support/test-app.js';
import { Role } from './support/tokens.js';

const OVERVIEW = graphql(`query PublishingExportOverview($period: Quarter) {
  statusOverview(period: $period) {
    period initiativeCount notReported lastPublishedAt
    statusCounts { status count }
    goals {
      goal { number }
      initiativeCount notReported
      statusCounts { status count }
      initiatives {
        status upToDate
        initiative { code title executingAgency { name orgNumber } }
        update { period publishedAt progressPercent summary }
      }
    }
  }
}`);
const ROUND = graphql(`query PublishingExportRound($period: Quarter!) {
  reportingRound(period: $period) { expected drafts submitted approved returned late dueDate missing { code } }
}`);

const STATUS_NAMES: Record<string, string> = {
  NOT_STARTED: 'Ikke startet',
  ON_TRACK: 'På plan',
  MINOR_DELAYS: 'Mindre forsinkelser',
  MAJOR_DELAYS: 'Store forsinkelser',
  COMPLETED: 'Ferdigstilt',
  STOPPED: 'Stanset',
};

async function download(t: TestApp, path: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${t.url}${path}`, { headers });
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
}

async function workbookOf(body: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ArrayBuffer);
  return workbook;
}

/** A sheet's rows below its header as objects keyed by the header's texts, with each cell's type. */
function rowsOf(sheet: ExcelJS.Worksheet): Record<string, ExcelJS.Cell>[] {
  const header = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
  const rows: Record<string, ExcelJS.Cell>[] = [];
  sheet.eachRow((row, n) => {
    if (n === 1) return;
    rows.push(Object.fromEntries(header.map((name, i) => [name, row.getCell(i + 1)])));
  });
  return rows;
}

/** The day a cell's date stands for (exceljs reads Excel dates as UTC midnight of that day). */
const dayOf = (cell: ExcelJS.Cell) => (cell.value as Date).toISOString().slice(0, 10);

describe('exports', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ demo: true });
  });
  afterAll(() => t.close());

  it('declares who may call each route: the exports and pages public, the round REVIEWER and ADMIN', () => {
    const declared: Record<string, string> = {};
    for (const module of t.app.get(ModulesContainer).values()) {
      for (const wrapper of module.controllers.values()) {
        const controller = wrapper.metatype as (new (...args: unknown[]) => object) | null;
        if (!controller) continue;
        const base = String(Reflect.getMetadata(PATH_METADATA, controller));
        for (const method of Object.getOwnPropertyNames(controller.prototype)) {
          const handler = controller.prototype[method as keyof object] as object;
          if (method === 'constructor' || typeof handler !== 'function') continue;
          const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
          if (path === undefined || base === 'health') continue;
          const roles = Reflect.getMetadata(ROLES_KEY, handler) as string[] | undefined;
          const route = `/${base}/${path}`.replace(/\/+$/, '');
          declared[route] = Reflect.getMetadata(PUBLIC_KEY, handler) ? 'PUBLIC' : (roles?.join(', ') ?? 'UNDECLARED');
        }
      }
    }
    expect(declared).toEqual({
      '/status': 'PUBLIC',
      '/status/style.css': 'PUBLIC',
      '/status/mal/:number': 'PUBLIC',
      '/status/tiltak/:code': 'PUBLIC',
      '/status/rapport/:period': 'PUBLIC',
      '/status/*rest': 'PUBLIC',
      '/export/status.xlsx': 'PUBLIC',
      '/export/status.csv': 'PUBLIC',
      '/export/initiatives.csv': 'PUBLIC',
      '/export/round.xlsx': 'REVIEWER, ADMIN',
      '/open-data/catalog.jsonld': 'PUBLIC',
      '/open-data/initiatives.csv': 'PUBLIC',
      '/open-data/initiatives.json': 'PUBLIC',
      '/open-data/key-figures.csv': 'PUBLIC',
      '/open-data/key-figures.json': 'PUBLIC',
    });
  });

  it('writes the status of a period as XLSX: counts and rows as the API gives them, with real types', async () => {
    const { statusOverview: o } = await t.ok(OVERVIEW);
    const res = await download(t, '/export/status.xlsx');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="status-${o.period}.xlsx"`);
    const workbook = await workbookOf(res.body);
    expect(workbook.worksheets.map((s) => s.name)).toEqual([
      'Sammendrag',
      ...o.goals.map((g) => `Mål ${g.goal.number}`),
    ]);

    const summary = workbook.getWorksheet('Sammendrag')!;
    const byLabel = new Map<string, ExcelJS.Row>();
    summary.eachRow((row) => byLabel.set(String(row.getCell(1).value), row));
    expect(byLabel.get('Periode')!.getCell(2).value).toBe(o.period);
    const updated = byLabel.get('Sist oppdatert')!.getCell(2);
    expect(updated.type).toBe(ExcelJS.ValueType.Date);
    expect(dayOf(updated)).toBe(osloDay(new Date(o.lastPublishedAt!)));
    const header = byLabel.get('Status')!;
    expect((header.values as unknown[]).slice(2)).toEqual(['Alle mål', ...o.goals.map((g) => `Mål ${g.goal.number}`)]);
    for (const { status, count } of o.statusCounts) {
      const row = byLabel.get(STATUS_NAMES[status])!;
      expect(row.getCell(2).type).toBe(ExcelJS.ValueType.Number);
      expect(row.getCell(2).value).toBe(count);
      o.goals.forEach((g, i) =>
        expect(row.getCell(3 + i).value).toBe(g.statusCounts.find((c) => c.status === status)!.count),
      );
    }
    expect(byLabel.get('Ikke rapportert')!.getCell(2).value).toBe(o.notReported);
    expect(byLabel.get('Antall initiativer')!.getCell(2).value).toBe(o.initiativeCount);

    for (const goal of o.goals) {
      const rows = rowsOf(workbook.getWorksheet(`Mål ${goal.goal.number}`)!);
      expect(rows.map((r) => r.Kode.value)).toEqual(goal.initiatives.map((s) => s.initiative.code));
      goal.initiatives.forEach((s, i) => {
        const row = rows[i];
        expect(row.Initiativ.value).toBe(s.initiative.title);
        expect(row['Utførende virksomhet'].value).toBe(s.initiative.executingAgency.name);
        expect(row.Organisasjonsnummer.value).toBe(s.initiative.executingAgency.orgNumber);
        expect(row.Statuskode.value ?? null).toBe(s.status);
        expect(row.Status.value).toBe(s.status ? STATUS_NAMES[s.status] : 'Ikke rapportert');
        expect(row['Oppdatert i kvartalet'].type).toBe(ExcelJS.ValueType.Boolean);
        expect(row['Oppdatert i kvartalet'].value).toBe(s.upToDate);
        if (s.update) {
          expect(row['Rapportert for'].value).toBe(s.update.period);
          expect(row.Publisert.type).toBe(ExcelJS.ValueType.Date);
          expect(dayOf(row.Publisert)).toBe(osloDay(new Date(s.update.publishedAt!)));
          expect(row['Fremdrift (%)'].type).toBe(
            s.update.progressPercent === null ? ExcelJS.ValueType.Null : ExcelJS.ValueType.Number,
          );
          expect(row['Fremdrift (%)'].value ?? null).toBe(s.update.progressPercent);
          expect(row.Sammendrag.value).toBe(s.update.summary);
        } else {
          expect(row.Publisert.type).toBe(ExcelJS.ValueType.Null);
        }
      });
    }
  });

  it('writes the status as RFC 4180 CSV: UTF-8, CRLF, a header row, one row per initiative', async () => {
    const period = '2025-Q3';
    const { statusOverview: o } = await t.ok(OVERVIEW, { period });
    const res = await download(t, `/export/status.csv?period=${period}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="status-2025-Q3.csv"');
    const text = res.body.toString('utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text.split('\r\n')[0]).toBe(
      '\ufeffkode,tittel,mål,virksomhet,organisasjonsnummer,status,statustekst,kvartal,rapportert_for,oppdatert_i_kvartalet,fremdrift_prosent,publisert,sammendrag,hindringer',
    );
    expect(text.replaceAll('\r\n', '')).not.toMatch(/\n/);
    const rows: Record<string, string>[] = parse(res.body, { bom: true, columns: true, record_delimiter: '\r\n' });
    expect(rows).toHaveLength(o.initiativeCount);
    const standings = new Map(o.goals.flatMap((g) => g.initiatives.map((s) => [s.initiative.code, s])));
    const goalsOf = (code: string) =>
      o.goals.filter((g) => g.initiatives.some((s) => s.initiative.code === code)).map((g) => g.goal.number);
    for (const row of rows) {
      const standing = standings.get(row.kode)!;
      expect(row.tittel).toBe(standing.initiative.title);
      expect(row.mål).toBe(goalsOf(row.kode).join(';'));
      expect(row.status).toBe(standing.status ?? '');
      expect(row.statustekst).toBe(standing.status ? STATUS_NAMES[standing.status] : 'Ikke rapportert');
      expect(row.kvartal).toBe(period);
      expect(row.oppdatert_i_kvartalet).toBe(String(standing.upToDate));
      expect(row.rapportert_for).toBe(standing.update?.period ?? '');
      expect(row.publisert).toBe(standing.update?.publishedAt ?? '');
      expect(row.sammendrag).toBe(standing.update?.summary ?? '');
    }
    expect(rows.some((r) => r.mål.includes(';'))).toBe(true);
  });

  it('writes the plan’s initiatives as CSV, named after the quarter of their status', async () => {
    const { statusOverview: o } = await t.ok(OVERVIEW);
    const res = await download(t, '/export/initiatives.csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="initiativer-${o.period}.csv"`);
    const rows: Record<string, string>[] = parse(res.body, { bom: true, columns: true });
    expect(rows).toHaveLength(o.initiativeCount);
    expect(Object.keys(rows[0])).toEqual([
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
    ]);
    const alvorlig = rows.find((r) => r.kode === '1.1')!;
    expect(alvorlig).toMatchObject({ startdato: '2019-01-01', planlagt_slutt: '2025-12-31', livsfase: 'ACTIVE' });
    expect(alvorlig.samarbeidspartnere.split(';')).toHaveLength(2);
    expect(alvorlig.ansvarlig_departement).not.toBe('');
  });

  it('streams a file, keeps it, and serves it again with an ETag and 304', async () => {
    const first = await download(t, '/export/status.csv?period=2025-Q2');
    expect(first.headers.get('x-response-cache')).toBe('MISS');
    // Streamed: its length is not known when its headers go out.
    expect(first.headers.get('content-length')).toBeNull();
    expect(first.headers.get('etag')).toBeNull();
    expect(first.headers.get('cache-control')).toBe('public, max-age=30');
    const again = await download(t, '/export/status.csv?period=2025-Q2');
    expect(again.headers.get('x-response-cache')).toBe('HIT');
    expect(again.headers.get('content-disposition')).toBe('attachment; filename="status-2025-Q2.csv"');
    expect(again.body.equals(first.body)).toBe(true);
    const etag = again.headers.get('etag')!;
    expect((await download(t, '/export/status.csv?period=2025-Q2', { 'if-none-match': etag })).status).toBe(304);
    const xlsx = await download(t, '/export/status.xlsx?period=2025-Q2');
    const keptXlsx = await download(t, '/export/status.xlsx?period=2025-Q2', { 'accept-encoding': 'br, gzip' });
    expect(keptXlsx.headers.get('x-response-cache')).toBe('HIT');
    // A zip is sent as it is: compressing it again would only cost time.
    expect(keptXlsx.headers.get('content-encoding')).toBeNull();
    expect(keptXlsx.body.equals(xlsx.body)).toBe(true);
  });

  it('answers a malformed or future period of a file with 400 and a JSON error', async () => {
    for (const path of ['/export/status.xlsx?period=2025-Q9', '/export/status.csv?period=2999-Q1']) {
      const res = await rawRequest(`${t.url}${path}`);
      expect(res.status).toBe(400);
      expect(res.json.errors[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        fieldErrors: [{ field: 'period' }],
      });
    }
  });

  describe('the round', () => {
    const period = '2025-Q4';

    it('refuses an anonymous caller with 401 and WWW-Authenticate: Bearer, another role with 403', async () => {
      const anonymous = await rawRequest(`${t.url}/export/round.xlsx?period=${period}`);
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get('www-authenticate')).toBe('Bearer');
      expect(anonymous.json.errors[0].extensions.code).toBe('UNAUTHENTICATED');
      const badToken = await rawRequest(`${t.url}/export/round.xlsx?period=${period}`, {
        headers: { authorization: 'Bearer not-a-token' },
      });
      expect(badToken.status).toBe(401);
      const owner = await t.token({ role: Role.OWNER, org: '974760673' });
      const forbidden = await rawRequest(`${t.url}/export/round.xlsx?period=${period}`, {
        headers: { authorization: `Bearer ${owner}` },
      });
      expect(forbidden.status).toBe(403);
      expect(forbidden.json.errors[0].extensions.code).toBe('FORBIDDEN');
    });

    it('gives a reviewer every expected initiative with its update’s state, first submission and lateness', async () => {
      const reviewer = await t.token({ role: Role.REVIEWER });
      const { reportingRound: round } = await t.ok(ROUND, { period }, reviewer);
      const res = await download(t, `/export/round.xlsx?period=${period}`, { authorization: `Bearer ${reviewer}` });
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('private, no-store');
      expect(res.headers.get('content-disposition')).toBe(
        `attachment; filename="rapporteringsrunde-${period}-${osloDay(new Date())}.xlsx"`,
      );
      const workbook = await workbookOf(res.body);
      const summary = new Map<string, ExcelJS.Cell>();
      workbook.getWorksheet('Sammendrag')!.eachRow((row) => summary.set(String(row.getCell(1).value), row.getCell(2)));
      expect(summary.get('Runde')!.value).toBe('Avsluttet');
      expect(dayOf(summary.get('Frist')!)).toBe(round.dueDate);
      const counts = {
        'Forventet (aktive initiativer)': round.expected,
        Utkast: round.drafts,
        'Sendt inn': round.submitted,
        Godkjent: round.approved,
        Returnert: round.returned,
        'Mangler (ikke sendt inn)': round.missing.length,
        'For sent': round.late,
      };
      for (const [label, count] of Object.entries(counts)) {
        expect(summary.get(label)!.type).toBe(ExcelJS.ValueType.Number);
        expect(summary.get(label)!.value).toBe(count);
      }
      const rows = workbook.worksheets.slice(1).flatMap(rowsOf);
      const missing = new Set(
        rows
          .filter(
            (r) =>
              r.Rapport.value === 'Mangler' || r.Rapportkode.value === 'DRAFT' || r.Rapportkode.value === 'RETURNED',
          )
          .map((r) => r.Kode.value),
      );
      expect([...missing].sort()).toEqual(round.missing.map((i) => i.code).sort());
      expect(new Set(rows.map((r) => r.Kode.value)).size).toBe(round.expected);
      for (const row of rows) {
        const submitted = row.Rapportkode.value === 'SUBMITTED' || row.Rapportkode.value === 'APPROVED';
        expect(row['Først sendt inn'].type).toBe(submitted ? ExcelJS.ValueType.Date : ExcelJS.ValueType.Null);
        // The demo's updates were first submitted when it loaded, long after 2025-Q4's due date.
        expect(row['For sent'].value).toBe(true);
      }
    });

    it('needs a period', async () => {
      const reviewer = await t.token({ role: Role.REVIEWER });
      const res = await rawRequest(`${t.url}/export/round.xlsx`, { headers: { authorization: `Bearer ${reviewer}` } });
      expect(res.status).toBe(400);
      expect(res.json.errors[0].extensions.fieldErrors[0].field).toBe('period');
    });
  });
});
