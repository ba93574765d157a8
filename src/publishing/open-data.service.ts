import { Injectable } from '@nestjs/common';
import { NotFoundError } from '../common/errors/index.js';
import { AppConfig } from '../config/app-config.js';
import { organizationByOrgNumber } from '../organizations/organization.loaders.js';
import type { Indicator, IndicatorValue } from '../strategy/entities/indicator.entity.js';
import { goalsByStrategy, indicatorsByGoal, valuesByIndicator } from '../strategy/strategy.loaders.js';
import { StrategyService } from '../strategy/strategy.service.js';
import { computeTrend } from '../strategy/trend.js';
import type { StatusFile } from './exports.service.js';
import { trendText, UNIT_NAMES } from './norwegian.js';
import { RequestLoaders } from './request-loaders.js';

/** Norsk lisens for offentlige data (NLOD) 2.0, on every distribution. */
export const NLOD = 'http://data.norge.no/nlod/no/2.0';

/**
 * The vocabularies the catalogue uses, embedded in it as its @context (no remote context to fetch, so a
 * harvester, and the tests, expand it offline).
 */
export const CATALOG_CONTEXT = {
  dcat: 'http://www.w3.org/ns/dcat#',
  dct: 'http://purl.org/dc/terms/',
  foaf: 'http://xmlns.com/foaf/0.1/',
  vcard: 'http://www.w3.org/2006/vcard/ns#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
};

const EU = 'http://publications.europa.eu/resource/authority';
const nb = (text: string) => ({ '@value': text, '@language': 'nb' });
const iri = (id: string) => ({ '@id': id });

/** The open data's files under /open-data/ (the catalogue's distributions). */
export const OPEN_DATA_FILES = {
  initiativesCsv: '/open-data/initiatives.csv',
  initiativesJson: '/open-data/initiatives.json',
  keyFiguresCsv: '/open-data/key-figures.csv',
  keyFiguresJson: '/open-data/key-figures.json',
};

export const KEY_FIGURE_CSV_COLUMNS = [
  'mål',
  'nøkkeltall',
  'enhet',
  'enhetstekst',
  'bedre_når',
  'plasser_totalt',
  'kilde',
  'år',
  'verdi',
  'merknad',
];

interface KeyFigure {
  goal: number;
  indicator: Indicator;
  values: IndicatorValue[];
}

/**
 * The open data (DESIGN.md, "Open data"): a DCAT-AP-NO catalogue that data.norge.no can harvest, with two
 * datasets (the initiatives with their published statuses, and the key figures), each with a CSV and a JSON
 * distribution under NLOD 2.0. The publisher is named by its organisation number's URI in the Central
 * Coordinating Register (Enhetsregisteret).
 */
@Injectable()
export class OpenDataService {
  constructor(
    private readonly config: AppConfig,
    private readonly strategies: StrategyService,
    private readonly requestLoaders: RequestLoaders,
  ) {}

  /** Where links point: PUBLIC_URL, else the address the request came to. */
  baseUrl(request: { protocol: string; host: string | undefined }): string {
    return this.config.publishing.publicUrl ?? `${request.protocol}://${request.host ?? 'localhost'}`;
  }

  async catalog(base: string): Promise<Record<string, unknown>> {
    const loaders = this.requestLoaders.create();
    const orgNumber = this.config.publishing.publisherOrg;
    const [[strategy], organization] = await Promise.all([
      this.strategies.list(),
      loaders.load(organizationByOrgNumber, orgNumber),
    ]);
    const plan = strategy?.title ?? 'handlingsplanen';
    const publisher = {
      '@id': `https://data.brreg.no/enhetsregisteret/api/enheter/${orgNumber}`,
      '@type': 'foaf:Agent',
      'dct:identifier': orgNumber,
      ...(organization ? { 'foaf:name': nb(organization.name) } : {}),
    };
    const contactPoint = {
      '@type': 'vcard:Organization',
      'vcard:fn': organization?.name ?? `Organisasjonsnummer ${orgNumber}`,
      'vcard:hasURL': iri(`${base}/status`),
    };
    const distribution = (path: string, title: string, format: 'CSV' | 'JSON') => ({
      '@id': `${base}${path}#distribusjon`,
      '@type': 'dcat:Distribution',
      'dct:title': nb(title),
      'dcat:accessURL': iri(`${base}${path}`),
      'dcat:downloadURL': iri(`${base}${path}`),
      'dct:format': iri(`${EU}/file-type/${format}`),
      'dcat:mediaType': iri(
        `https://www.iana.org/assignments/media-types/${format === 'CSV' ? 'text/csv' : 'application/json'}`,
      ),
      'dct:license': iri(NLOD),
    });
    const dataset = (id: string, fields: Record<string, unknown>) => ({
      '@id': `${base}/open-data/catalog.jsonld#${id}`,
      '@type': 'dcat:Dataset',
      'dct:identifier': `${base}/open-data/catalog.jsonld#${id}`,
      'dct:publisher': publisher,
      'dcat:contactPoint': contactPoint,
      'dcat:theme': iri(`${EU}/data-theme/GOVE`),
      'dct:language': iri(`${EU}/language/NOB`),
      'dct:accessRights': iri(`${EU}/access-right/PUBLIC`),
      'dct:spatial': iri('https://data.geonorge.no/administrativeEnheter/nasjon/id/173163'),
      'dcat:landingPage': iri(`${base}/status`),
      ...fields,
    });
    return {
      '@context': CATALOG_CONTEXT,
      '@id': `${base}/open-data/catalog.jsonld`,
      '@type': 'dcat:Catalog',
      'dct:title': nb(`Åpne data om ${plan}`),
      'dct:description': nb(
        `Status for initiativene i handlingsplanen for ${plan}, rapportert hvert kvartal, og nøkkeltallene for målene i strategien.`,
      ),
      'dct:publisher': publisher,
      'dct:language': iri(`${EU}/language/NOB`),
      'dct:license': iri(NLOD),
      'foaf:homepage': iri(`${base}/status`),
      'dcat:dataset': [
        dataset('initiativer', {
          'dct:title': nb(`Initiativene i handlingsplanen for ${plan} med publisert status`),
          'dct:description': nb(
            'Hvert initiativ i handlingsplanen med målene det hører til, utførende virksomhet og status fra den siste ' +
              'godkjente kvartalsrapporten (ikke startet, på plan, mindre forsinkelser, store forsinkelser, ferdigstilt, stanset).',
          ),
          'dcat:keyword': [nb('handlingsplan'), nb('digitalisering'), nb('statusrapportering')],
          'dct:accrualPeriodicity': iri(`${EU}/frequency/QUARTERLY`),
          'dcat:distribution': [
            distribution(OPEN_DATA_FILES.initiativesCsv, 'Initiativer med status (CSV)', 'CSV'),
            distribution(OPEN_DATA_FILES.initiativesJson, 'Initiativer med status (JSON)', 'JSON'),
          ],
        }),
        dataset('nokkeltall', {
          'dct:title': nb(`Nøkkeltall for målene i ${plan}`),
          'dct:description': nb(
            'Nøkkeltallene for hvert mål i strategien med verdi per år, enhet, kilde og hvilken vei som er bedre.',
          ),
          'dcat:keyword': [nb('nøkkeltall'), nb('digitalisering'), nb('indikatorer')],
          'dct:accrualPeriodicity': iri(`${EU}/frequency/ANNUAL`),
          'dcat:distribution': [
            distribution(OPEN_DATA_FILES.keyFiguresCsv, 'Nøkkeltall (CSV)', 'CSV'),
            distribution(OPEN_DATA_FILES.keyFiguresJson, 'Nøkkeltall (JSON)', 'JSON'),
          ],
        }),
      ],
    };
  }

  /** The initiatives dataset's JSON: the same rows as its CSV, with lists as lists. */
  initiativesJson(file: StatusFile): Record<string, unknown> {
    const { overview } = file;
    return {
      strategi: overview.strategy.title,
      kvartal: overview.period,
      sistOppdatert: overview.lastPublishedAt?.toISOString() ?? null,
      lisens: NLOD,
      initiativer: file.rows.map(({ standing, goalNumbers, agency }) => ({
        kode: standing.initiative.code,
        tittel: standing.initiative.title,
        mål: goalNumbers,
        virksomhet: agency?.name ?? null,
        organisasjonsnummer: agency?.orgNumber ?? null,
        status: standing.status,
        rapportertFor: standing.update?.period ?? null,
        oppdatertIKvartalet: standing.upToDate,
        fremdriftProsent: standing.update?.progressPercent ?? null,
        publisert: standing.update?.publishedAt?.toISOString() ?? null,
        sammendrag: standing.update?.summary ?? null,
        hindringer: standing.update?.obstacles ?? [],
      })),
    };
  }

  /** Every goal's key figures with their values: four statements (strategies, goals, figures, values). */
  async keyFigures(): Promise<{ strategy: string; figures: KeyFigure[] }> {
    const [strategy] = await this.strategies.list();
    if (!strategy) throw new NotFoundError('Strategy', '(any)');
    const loaders = this.requestLoaders.create();
    const goals = await loaders.load(goalsByStrategy, strategy.id);
    const perGoal = await Promise.all(goals.map((g) => loaders.load(indicatorsByGoal, g.id)));
    const figures = goals.flatMap((goal, i) => perGoal[i].map((indicator) => ({ goal: goal.number, indicator })));
    const values = await Promise.all(figures.map((f) => loaders.load(valuesByIndicator, f.indicator.id)));
    return { strategy: strategy.title, figures: figures.map((f, i) => ({ ...f, values: values[i] })) };
  }

  keyFigureRows(figures: KeyFigure[]): Record<string, string | number | null>[] {
    return figures.flatMap(({ goal, indicator, values }) =>
      values.map((v) => ({
        mål: goal,
        nøkkeltall: indicator.name,
        enhet: indicator.unit,
        enhetstekst: UNIT_NAMES[indicator.unit],
        bedre_når: indicator.betterWhen,
        plasser_totalt: indicator.rankOutOf,
        kilde: indicator.source,
        år: v.year,
        verdi: v.value,
        merknad: v.note,
      })),
    );
  }

  keyFiguresJson(data: { strategy: string; figures: KeyFigure[] }): Record<string, unknown> {
    return {
      strategi: data.strategy,
      lisens: NLOD,
      nøkkeltall: data.figures.map(({ goal, indicator, values }) => {
        const trend = computeTrend(indicator.unit, indicator.betterWhen, values);
        return {
          mål: goal,
          navn: indicator.name,
          enhet: indicator.unit,
          bedreNår: indicator.betterWhen,
          plasserTotalt: indicator.rankOutOf,
          kilde: indicator.source,
          verdier: values.map((v) => ({ år: v.year, verdi: v.value, merknad: v.note })),
          trend: trend && { retning: trend.direction, vurdering: trend.assessment, tekst: trendText(trend) },
        };
      }),
    };
  }
}
