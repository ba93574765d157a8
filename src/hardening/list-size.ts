import { Extensions } from '@nestjs/graphql';

/**
 * How many entries a list field can hold, for the query cost: the name of a figure of the plan that
 * PlanStats keeps (the most the plan holds now), or a fixed number. Every list of objects outside a
 * connection declares one (test: hardening/query-cost.spec.ts), so that no list is counted as "a few".
 */
export type ListSizeKey =
  | 'strategies'
  | 'organizations'
  | 'goalsPerStrategy'
  | 'focusAreasPerStrategy'
  | 'lifeEventsPerStrategy'
  | 'indicatorsPerGoal'
  | 'assessmentsPerGoal'
  | 'valuesPerIndicator'
  | 'goalsPerInitiative'
  | 'lifeEventsPerInitiative'
  | 'partnersPerInitiative'
  | 'contactsPerInitiative'
  | 'linksPerInitiative'
  | 'deliveriesPerInitiative'
  | 'approvedPerInitiative'
  | 'overviewInitiativesPerGoal'
  | 'activeInitiatives'
  | 'reportingRounds'
  | 'initiatives'
  | 'webhooks';

export const LIST_SIZE = 'listSize';

export const ListSize = (size: ListSizeKey | number) => Extensions({ [LIST_SIZE]: size });
