import { readFileSync } from 'node:fs';

/** The shape of ../shared/data/demo-data.json (a copy ships in this folder so a deployment needs no ../shared). */
export interface DemoData {
  about: string;
  strategy: { slug: string; title: string; periodStart: number; periodEnd: number; description?: string };
  organizations: {
    orgNumber: string;
    name: string;
    shortName: string | null;
    kind: string;
    parentOrgNumber: string | null;
  }[];
  goals: { number: number; title: string; description?: string }[];
  indicators: {
    goal: number;
    name: string;
    unit: string;
    betterWhen: string;
    source: string;
    rankOutOf?: number;
    values: { year: number; value: number; note?: string }[];
  }[];
  assessments: {
    goal: number;
    year: number;
    level: string;
    development: string;
    summary: string;
    challenges?: string;
    score?: number;
  }[];
  focusAreas: { slug: string; title: string; description?: string }[];
  lifeEvents: { slug: string; title: string; responsibleMinistry: string | null }[];
  initiatives: {
    code: string;
    title: string;
    summary: string;
    description?: string;
    goals: number[];
    focusArea: string | null;
    responsibleMinistry: string | null;
    executingAgency: string;
    partners: string[];
    lifeEvents: string[];
    lifecycle: string;
    startDate: string | null;
    plannedEndDate: string | null;
    deliveries: { title: string; dueDate: string | null; state: string; description?: string }[];
  }[];
  statusUpdates: {
    initiative: string;
    period: string;
    status: string;
    summary: string;
    obstacles: string[];
    state: string;
    progressPercent?: number;
  }[];
}

/** Read at run time (nest-cli.json copies the file into dist beside this module). */
export function readDemoData(): DemoData {
  return JSON.parse(readFileSync(new URL('./demo-data.json', import.meta.url), 'utf8')) as DemoData;
}
