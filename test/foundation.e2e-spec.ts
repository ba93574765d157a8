import { graphql } from './graphql/graphql.js';
import { codes, createTestApp, TestApp } from './support/test-app.js';
import { Role } from './support/tokens.js';

describe('foundation', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('answers health checks', async () => {
    const live = await fetch(`${t.url}/health/live`);
    expect(live.status).toBe(200);
    const ready = await fetch(`${t.url}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ok', info: { database: { status: 'up' } } });
  });

  it('refuses the audit log to anonymous callers and owners', async () => {
    const AUDIT_LOG_COUNT = graphql('query AuditLogCount { auditLog { totalCount } }');
    expect(codes(await t.gql(AUDIT_LOG_COUNT))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await t.gql(AUDIT_LOG_COUNT, {}, { role: Role.OWNER, org: '974760673' }))).toEqual(['FORBIDDEN']);
    const data = await t.ok(AUDIT_LOG_COUNT, {}, { role: Role.REVIEWER });
    expect(data.auditLog.totalCount).toBe(0);
  });
});
