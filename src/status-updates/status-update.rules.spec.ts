import { Role, type Viewer } from '../auth/viewer.js';
import { assertReportablePeriod } from '../common/quarter.js';
import { isUuid } from '../common/uuid.js';
import { SqlParams } from '../database/sql.js';
import { visibilitySql } from './status-update.repository.js';
import { Obstacle, UpdateState } from './entities/status-update.entity.js';
import {
  assertMayReview,
  assertMayWrite,
  canSee,
  distinctObstacles,
  nextState,
  visibilityFor,
  WorkflowStep,
} from './status-update.rules.js';

const ORG = '974760673';
const OTHER = '991825827';
const owner: Viewer = { subject: 'owner', roles: [Role.OWNER], orgNumber: ORG };
const otherOwner: Viewer = { subject: 'other', roles: [Role.OWNER], orgNumber: OTHER };
const reviewer: Viewer = { subject: 'reviewer', roles: [Role.REVIEWER] };
const admin: Viewer = { subject: 'admin', roles: [Role.ADMIN] };

function code(work: () => unknown): string {
  try {
    work();
    return 'OK';
  } catch (error) {
    return (error as { code?: string }).code ?? 'ERROR';
  }
}

describe('the update workflow', () => {
  const { DRAFT, SUBMITTED, APPROVED, RETURNED } = UpdateState;
  // Every state × every step: the state it leads to, or INVALID_STATE.
  const TABLE: [UpdateState, WorkflowStep, UpdateState | 'INVALID_STATE'][] = [
    [DRAFT, 'save', DRAFT],
    [DRAFT, 'submit', SUBMITTED],
    [DRAFT, 'approve', 'INVALID_STATE'],
    [DRAFT, 'return', 'INVALID_STATE'],
    [DRAFT, 'withdraw', 'INVALID_STATE'],
    [SUBMITTED, 'save', 'INVALID_STATE'],
    [SUBMITTED, 'submit', 'INVALID_STATE'],
    [SUBMITTED, 'approve', APPROVED],
    [SUBMITTED, 'return', RETURNED],
    [SUBMITTED, 'withdraw', DRAFT],
    [APPROVED, 'save', 'INVALID_STATE'],
    [APPROVED, 'submit', 'INVALID_STATE'],
    [APPROVED, 'approve', 'INVALID_STATE'],
    [APPROVED, 'return', 'INVALID_STATE'],
    [APPROVED, 'withdraw', 'INVALID_STATE'],
    [RETURNED, 'save', DRAFT],
    [RETURNED, 'submit', 'INVALID_STATE'],
    [RETURNED, 'approve', 'INVALID_STATE'],
    [RETURNED, 'return', 'INVALID_STATE'],
    [RETURNED, 'withdraw', 'INVALID_STATE'],
  ];

  it.each(TABLE)('%s, then %s: %s', (state, step, expected) => {
    let result: string = 'none';
    const outcome = code(() => {
      result = nextState(state, step);
    });
    expect(outcome === 'OK' ? result : outcome).toBe(expected);
  });
});

describe('who may write and review', () => {
  it.each([
    ['the owner of the executing agency', owner, 'OK'],
    ['an owner of another organisation', otherOwner, 'FORBIDDEN'],
    ['an owner without an organisation', { subject: 'x', roles: [Role.OWNER] }, 'FORBIDDEN'],
    ['a reviewer', reviewer, 'FORBIDDEN'],
    ['an admin', admin, 'OK'],
    ['a caller without a role but with the organisation', { subject: 'x', roles: [], orgNumber: ORG }, 'FORBIDDEN'],
  ] as [string, Viewer, string][])('save, submit and withdraw: %s -> %s', (_name, viewer, expected) => {
    expect(code(() => assertMayWrite(viewer, ORG))).toBe(expected);
  });

  it.each([
    ['a reviewer', reviewer, 'OK'],
    ['an admin', admin, 'OK'],
    ['the owner', owner, 'FORBIDDEN'],
    ['the author, a reviewer', { ...reviewer, subject: 'author' }, 'FORBIDDEN'],
    ['the author, an admin', { ...admin, subject: 'author' }, 'FORBIDDEN'],
  ] as [string, Viewer, string][])('approve and return: %s -> %s', (_name, viewer, expected) => {
    expect(code(() => assertMayReview(viewer, ['author']))).toBe(expected);
  });
});

describe('reportable periods', () => {
  // 2024-12-31 23:30 UTC is already 2025-01-01 in Oslo: the quarter is 2025-Q1 there.
  const newYearInOslo = new Date('2024-12-31T23:30:00Z');

  it.each([
    ['2025-Q1', 'OK'],
    ['2024-Q4', 'OK'],
    ['2000-Q1', 'OK'],
    ['2025-Q2', 'BAD_USER_INPUT'],
    ['1999-Q4', 'BAD_USER_INPUT'],
  ])('%s on New Year in Oslo: %s', (period, expected) => {
    expect(code(() => assertReportablePeriod(period, newYearInOslo))).toBe(expected);
  });

  it('names input.period', () => {
    try {
      assertReportablePeriod('2999-Q1');
      throw new Error('not refused');
    } catch (error) {
      expect((error as { fieldErrors: unknown }).fieldErrors).toEqual([
        { field: 'input.period', message: expect.stringContaining('current quarter') },
      ]);
    }
  });
});

describe('visibility', () => {
  it.each([
    ['anonymous', null, 'approved'],
    ['a signed-in caller without a role', { subject: 'x', roles: [] }, 'approved'],
    ['an owner without an organisation', { subject: 'x', roles: [Role.OWNER] }, 'approved'],
    ['an owner', owner, 'approvedOrOrganization'],
    ['a reviewer', reviewer, 'all'],
    ['an admin', admin, 'all'],
    ['an owner who is also a reviewer', { ...owner, roles: [Role.OWNER, Role.REVIEWER] }, 'all'],
  ] as [string, Viewer | null, string][])('%s sees %s', (_name, viewer, kind) => {
    expect(visibilityFor(viewer).kind).toBe(kind);
  });

  it.each([
    [UpdateState.DRAFT, ORG, true],
    [UpdateState.SUBMITTED, ORG, true],
    [UpdateState.RETURNED, ORG, true],
    [UpdateState.APPROVED, ORG, true],
    [UpdateState.DRAFT, OTHER, false],
    [UpdateState.SUBMITTED, OTHER, false],
    [UpdateState.RETURNED, OTHER, false],
    [UpdateState.APPROVED, OTHER, true],
  ])('an owner sees a %s update of organisation %s: %s', (state, agency, expected) => {
    expect(canSee(visibilityFor(owner), state, agency)).toBe(expected);
  });

  it('passes the organisation number as a parameter, never in the SQL text', () => {
    const p = new SqlParams();
    p.add('first');
    p.add('second');
    const sql = visibilitySql(visibilityFor({ ...owner, orgNumber: "1' OR '1'='1" }), 'su', p);
    expect(sql).toContain('$3');
    expect(sql).not.toContain("'1'='1");
    expect(p.values).toEqual(['first', 'second', "1' OR '1'='1"]);
    const none = new SqlParams();
    expect(visibilitySql(visibilityFor(null), 'su', none)).toBe("su.state = 'APPROVED'");
    expect(visibilitySql(visibilityFor(admin), 'su', none)).toBe('TRUE');
    expect(none.values).toEqual([]);
  });
});

describe('small rules', () => {
  it('keeps each obstacle once, in the order first given', () => {
    expect(distinctObstacles([Obstacle.LEGAL, Obstacle.FUNDING, Obstacle.LEGAL])).toEqual([
      Obstacle.LEGAL,
      Obstacle.FUNDING,
    ]);
    expect(distinctObstacles(null)).toEqual([]);
  });

  it.each([
    ['7c9e6679-7425-40de-944b-e07fc1f90ae7', true],
    ['7C9E6679-7425-40DE-944B-E07FC1F90AE7', true],
    ['7c9e6679742540de944be07fc1f90ae7', false],
    ["7c9e6679-7425-40de-944b-e07fc1f90ae7' --", false],
    ['', false],
  ])('isUuid(%p) is %p', (value, expected) => {
    expect(isUuid(value)).toBe(expected);
  });
});
