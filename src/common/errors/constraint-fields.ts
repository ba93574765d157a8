/**
 * Database constraints that a caller can run into, with the input field each one is about and what to say.
 * The migration names every constraint; a unique key taken is CONFLICT, a check that fails is BAD_USER_INPUT.
 */
export const CONSTRAINT_FIELDS: Record<string, { field: string; message: string }> = {
  uq_organization_org_number: { field: 'input.orgNumber', message: 'An organisation with this number exists already' },
  uq_strategy_slug: { field: 'input.slug', message: 'A strategy with this slug exists already' },
  uq_goal_strategy_number: { field: 'input.number', message: 'The strategy has a goal with this number already' },
  uq_focus_area_strategy_slug: { field: 'input.slug', message: 'The strategy has a focus area with this slug already' },
  uq_life_event_strategy_slug: { field: 'input.slug', message: 'The strategy has a life event with this slug already' },
  uq_initiative_strategy_code: {
    field: 'input.code',
    message: 'The strategy has an initiative with this code already',
  },
  uq_status_update_initiative_period: {
    field: 'input.period',
    message: 'The initiative has an update for this period already',
  },
  uq_goal_assessment_goal_year: { field: 'input.year', message: 'The goal has an assessment for this year already' },
  ck_organization_org_number: { field: 'input.orgNumber', message: 'Must be 9 digits' },
  ck_strategy_period: { field: 'input.periodEnd', message: 'Must not be before periodStart' },
  ck_initiative_dates: { field: 'input.plannedEndDate', message: 'Must not be before startDate' },
  ck_status_update_progress: { field: 'input.progressPercent', message: 'Must be from 0 to 100' },
  ck_goal_assessment_score: { field: 'input.score', message: 'Must be from 1.00 to 3.00' },
  ck_indicator_value_year: { field: 'input.year', message: 'Must be from 1990 to 2100' },
  ck_goal_assessment_year: { field: 'input.year', message: 'Must be from 1990 to 2100' },
  ck_reporting_round_due_date: { field: 'input.dueDate', message: 'Must not be before the first day of the period' },
  ck_reporting_round_message: { field: 'input.message', message: 'Must be at most 2000 characters' },
};
