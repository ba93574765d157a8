import { ModulesContainer } from '@nestjs/core';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { PUBLIC_KEY, ROLES_KEY } from '../src/auth/roles.decorator.js';
import { createTestApp, TestApp } from './support/test-app.js';

/**
 * Every query and mutation with the roles it declares. A change of permissions changes this table, so it
 * shows in review. PUBLIC = anyone; SIGNED_IN = any valid token; otherwise the roles allowed.
 */
const DECLARED: Record<string, string> = {
  'Mutation.addDelivery': 'ADMIN, OWNER',
  'Mutation.approveStatusUpdate': 'REVIEWER, ADMIN',
  'Mutation.closeReportingRound': 'ADMIN',
  'Mutation.createFocusArea': 'ADMIN',
  'Mutation.createGoal': 'ADMIN',
  'Mutation.createIndicator': 'ADMIN',
  'Mutation.createInitiative': 'ADMIN',
  'Mutation.createLifeEvent': 'ADMIN',
  'Mutation.createOrganization': 'ADMIN',
  'Mutation.createStrategy': 'ADMIN',
  'Mutation.openReportingRound': 'ADMIN',
  'Mutation.createWebhook': 'ADMIN',
  'Mutation.deleteWebhook': 'ADMIN',
  'Mutation.recordIndicatorValue': 'ADMIN',
  'Mutation.returnStatusUpdate': 'REVIEWER, ADMIN',
  'Mutation.saveStatusUpdate': 'OWNER, ADMIN',
  'Mutation.setGoalAssessment': 'ADMIN',
  'Mutation.setReportingRoundDueDate': 'ADMIN',
  'Mutation.submitStatusUpdate': 'OWNER, ADMIN',
  'Mutation.updateDelivery': 'ADMIN, OWNER',
  'Mutation.updateGoal': 'ADMIN',
  'Mutation.updateInitiative': 'ADMIN',
  'Mutation.updateOrganization': 'ADMIN',
  'Mutation.withdrawStatusUpdate': 'OWNER, ADMIN',
  'Query.auditLog': 'REVIEWER, ADMIN',
  'Query.goal': 'PUBLIC',
  'Query.initiative': 'PUBLIC',
  'Query.initiativeByCode': 'PUBLIC',
  'Query.initiatives': 'PUBLIC',
  'Query.me': 'PUBLIC',
  'Query.myInitiatives': 'OWNER, REVIEWER, ADMIN',
  'Query.notifications': 'REVIEWER, ADMIN',
  'Query.organization': 'PUBLIC',
  'Query.organizations': 'PUBLIC',
  'Query.publishedPeriods': 'PUBLIC',
  'Query.publishedReport': 'PUBLIC',
  'Query.reportingRound': 'REVIEWER, ADMIN',
  'Query.reportingRounds': 'REVIEWER, ADMIN',
  'Query.reviewQueue': 'REVIEWER, ADMIN',
  'Query.statusOverview': 'PUBLIC',
  'Query.statusTimeline': 'PUBLIC',
  'Query.statusUpdate': 'PUBLIC',
  'Query.strategies': 'PUBLIC',
  'Query.strategy': 'PUBLIC',
  'Query.webhooks': 'ADMIN',
};

describe('declared permissions', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  function declaredRoles(): Record<string, string> {
    const found: Record<string, string> = {};
    for (const module of t.app.get(ModulesContainer).values()) {
      for (const wrapper of module.providers.values()) {
        const instance = wrapper.instance as object | undefined;
        if (!instance || typeof instance !== 'object') continue;
        const prototype = Object.getPrototypeOf(instance);
        for (const method of Object.getOwnPropertyNames(prototype)) {
          const handler = Object.getOwnPropertyDescriptor(prototype, method)?.value as unknown;
          if (typeof handler !== 'function') continue;
          const type = Reflect.getMetadata('graphql:resolver_type', handler) as string | undefined;
          if (type !== 'Query' && type !== 'Mutation') continue;
          const name = (Reflect.getMetadata('graphql:resolver_name', handler) as string | undefined) ?? method;
          const isPublic =
            Reflect.getMetadata(PUBLIC_KEY, handler) ?? Reflect.getMetadata(PUBLIC_KEY, prototype.constructor);
          const roles = (Reflect.getMetadata(ROLES_KEY, handler) ??
            Reflect.getMetadata(ROLES_KEY, prototype.constructor)) as string[] | undefined;
          found[`${type}.${name}`] = isPublic
            ? 'PUBLIC'
            : roles === undefined
              ? 'UNDECLARED'
              : roles.length === 0
                ? 'SIGNED_IN'
                : roles.join(', ');
        }
      }
    }
    return found;
  }

  it('lists every query and mutation with its declared roles', () => {
    expect(declaredRoles()).toEqual(DECLARED);
  });

  it('covers every root field of the schema', () => {
    const schema = t.app.get(GraphQLSchemaHost).schema;
    const rootFields = [
      ...Object.keys(schema.getQueryType()!.getFields()).map((f) => `Query.${f}`),
      ...Object.keys(schema.getMutationType()!.getFields()).map((f) => `Mutation.${f}`),
    ].sort();
    expect(Object.keys(declaredRoles()).sort()).toEqual(rootFields);
  });
});
