import { currentQuarter, previousQuarter } from '../../src/common/quarter.js';
import type { SaveStatusUpdateInput } from '../graphql/generated.js';
import { graphql } from '../graphql/graphql.js';
import type { GraphQLResponse, TestApp } from './test-app.js';
import type { TokenOptions } from './tokens.js';

/** Operations and inputs shared by the status update test files. */

graphql(`
  fragment StatusUpdateFields on StatusUpdate {
    id period status progressPercent summary achievements nextSteps risks obstacles state
    author { subject name } submittedAt reviewedAt reviewComment publishedAt updatedAt version initiative { id }
  }
`);

export const SAVE = graphql(
  `mutation SaveStatusUpdate($input: SaveStatusUpdateInput!) { saveStatusUpdate(input: $input) { ...StatusUpdateFields } }`,
);
export const SUBMIT = graphql(
  `mutation SubmitStatusUpdate($id: ID!, $expectedVersion: Int) { submitStatusUpdate(id: $id, expectedVersion: $expectedVersion) { ...StatusUpdateFields } }`,
);
export const APPROVE = graphql(`mutation ApproveStatusUpdate($id: ID!, $comment: String, $expectedVersion: Int) {
  approveStatusUpdate(id: $id, comment: $comment, expectedVersion: $expectedVersion) { ...StatusUpdateFields } }`);
export const RETURN = graphql(`mutation ReturnStatusUpdate($id: ID!, $comment: String!, $expectedVersion: Int) {
  returnStatusUpdate(id: $id, comment: $comment, expectedVersion: $expectedVersion) { ...StatusUpdateFields } }`);
export const GET = graphql(`query StatusUpdate($id: ID!) { statusUpdate(id: $id) { ...StatusUpdateFields } }`);

/** The current quarter and the ones before it, as the server computes them. */
export const THIS_QUARTER = currentQuarter();
export const LAST_QUARTER = previousQuarter(THIS_QUARTER);
export const TWO_QUARTERS_AGO = previousQuarter(LAST_QUARTER);

export function saveInput(
  initiativeId: string,
  period = THIS_QUARTER,
  extra: Partial<SaveStatusUpdateInput> = {},
): SaveStatusUpdateInput {
  return {
    initiativeId,
    period,
    status: 'ON_TRACK',
    progressPercent: 40,
    summary: `Rapport for ${period}`,
    achievements: 'Leverte første versjon',
    nextSteps: 'Pilot',
    risks: null,
    obstacles: ['CAPACITY'],
    ...extra,
  };
}

type Auth = string | TokenOptions | undefined;

/** Saves, submits and, when `reviewer` is given, approves an update through the API; returns its id and version. */
export async function workflow(
  t: TestApp,
  owner: Auth,
  initiativeId: string,
  period: string,
  options: {
    reviewer?: Auth;
    status?: SaveStatusUpdateInput['status'];
    stopAt?: 'DRAFT' | 'SUBMITTED' | 'APPROVED' | 'RETURNED';
  } = {},
): Promise<{ id: string; version: number }> {
  const stopAt = options.stopAt ?? (options.reviewer ? 'APPROVED' : 'SUBMITTED');
  const saved = (
    await t.ok(SAVE, { input: saveInput(initiativeId, period, { status: options.status ?? 'ON_TRACK' }) }, owner)
  ).saveStatusUpdate;
  if (stopAt === 'DRAFT') return saved;
  const submitted = (await t.ok(SUBMIT, { id: saved.id }, owner)).submitStatusUpdate;
  if (stopAt === 'SUBMITTED') return submitted;
  if (stopAt === 'RETURNED')
    return (await t.ok(RETURN, { id: saved.id, comment: 'Fyll ut risiko' }, options.reviewer)).returnStatusUpdate;
  return (await t.ok(APPROVE, { id: saved.id }, options.reviewer)).approveStatusUpdate;
}

/** The first error's code, or 'OK' when there was none (for it.each tables). */
export function outcome(res: GraphQLResponse): string {
  return res.errors?.[0]?.extensions?.code ?? 'OK';
}
