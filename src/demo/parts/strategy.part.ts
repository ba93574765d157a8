import { OrganizationKind } from '../../organizations/entities/organization.entity.js';
import { OrganizationService } from '../../organizations/organization.service.js';
import { AssessmentLevel, Development } from '../../strategy/entities/goal-assessment.entity.js';
import { IndicatorUnit, Preference } from '../../strategy/entities/indicator.entity.js';
import { GoalService } from '../../strategy/goal.service.js';
import { IndicatorService } from '../../strategy/indicator.service.js';
import { StrategyService } from '../../strategy/strategy.service.js';
import type { DemoContext, DemoPart } from '../demo-part.js';

/** The demo's organisations, the strategy, goals, key figures, assessments, focus areas and life events. */
export const strategyPart: DemoPart = {
  name: 'organisations, the strategy, goals, key figures, assessments, focus areas and life events',
  async load(context: DemoContext) {
    const { data, moduleRef, admin } = context;
    const organizations = moduleRef.get(OrganizationService, { strict: false });
    const strategies = moduleRef.get(StrategyService, { strict: false });
    const goals = moduleRef.get(GoalService, { strict: false });
    const indicators = moduleRef.get(IndicatorService, { strict: false });

    // Parents before the organisations that report to them, whatever order the file lists them in.
    const pending = [...data.organizations];
    while (pending.length > 0) {
      const ready = pending.filter((o) => !o.parentOrgNumber || context.organizationIds.has(o.parentOrgNumber));
      if (ready.length === 0) {
        throw new Error(`Demo data: unknown or circular parents for ${pending.map((o) => o.orgNumber).join(', ')}`);
      }
      for (const org of ready) {
        const created = await organizations.create(admin, {
          orgNumber: org.orgNumber,
          name: org.name,
          shortName: org.shortName,
          kind: org.kind as OrganizationKind,
          parentId: org.parentOrgNumber ? context.organizationIds.get(org.parentOrgNumber)! : null,
        });
        context.organizationIds.set(org.orgNumber, created.id);
        pending.splice(pending.indexOf(org), 1);
      }
    }

    const strategy = await strategies.create(admin, {
      slug: data.strategy.slug,
      title: data.strategy.title,
      periodStart: data.strategy.periodStart,
      periodEnd: data.strategy.periodEnd,
      description: data.strategy.description ?? null,
    });
    context.strategyId = strategy.id;

    for (const goal of data.goals) {
      const created = await goals.create(admin, {
        strategyId: strategy.id,
        number: goal.number,
        title: goal.title,
        description: goal.description ?? null,
      });
      context.goalIds.set(goal.number, created.id);
    }

    for (const indicator of data.indicators) {
      const created = await indicators.create(admin, {
        goalId: goalId(context, indicator.goal),
        name: indicator.name,
        unit: indicator.unit as IndicatorUnit,
        betterWhen: indicator.betterWhen as Preference,
        rankOutOf: indicator.rankOutOf ?? null,
        source: indicator.source,
      });
      // The demo's provenance remarks (how a figure was read) are left out: they are about the data set.
      for (const value of indicator.values) {
        await indicators.recordValue(admin, {
          indicatorId: created.id,
          year: value.year,
          value: value.value,
          note: value.note ?? null,
        });
      }
    }

    for (const assessment of data.assessments) {
      await goals.setAssessment(admin, {
        goalId: goalId(context, assessment.goal),
        year: assessment.year,
        level: assessment.level as AssessmentLevel,
        score: assessment.score ?? null,
        development: assessment.development as Development,
        summary: assessment.summary,
        challenges: assessment.challenges ?? null,
      });
    }

    for (const area of data.focusAreas) {
      const created = await strategies.createFocusArea(admin, {
        strategyId: strategy.id,
        slug: area.slug,
        title: area.title,
        description: area.description ?? null,
      });
      context.focusAreaIds.set(area.slug, created.id);
    }

    for (const event of data.lifeEvents) {
      const ministryId = event.responsibleMinistry ? context.organizationIds.get(event.responsibleMinistry) : null;
      if (ministryId === undefined)
        throw new Error(`Demo data: life event ${event.slug} names unknown ministry ${event.responsibleMinistry}`);
      const created = await strategies.createLifeEvent(admin, {
        strategyId: strategy.id,
        slug: event.slug,
        title: event.title,
        responsibleMinistryId: ministryId,
      });
      context.lifeEventIds.set(event.slug, created.id);
    }
  },
};

function goalId(context: DemoContext, number: number): string {
  const id = context.goalIds.get(number);
  if (!id) throw new Error(`Demo data: no goal ${number}`);
  return id;
}
