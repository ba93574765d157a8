import { AuditEvent } from '../audit/audit-event.entity.js';
import { Delivery } from '../initiatives/entities/delivery.entity.js';
import {
  Initiative,
  InitiativeGoal,
  InitiativeLifeEvent,
  InitiativePartner,
} from '../initiatives/entities/initiative.entity.js';
import { Notification } from '../notifications/entities/notification.entity.js';
import { Webhook, WebhookDelivery } from '../notifications/entities/webhook.entity.js';
import { Organization } from '../organizations/entities/organization.entity.js';
import { PublishedReport, PublishedReportEntry } from '../rounds/entities/published-report.entity.js';
import { ReportingRoundRecord } from '../rounds/entities/reporting-round-record.entity.js';
import { StatusUpdateAuthor } from '../status-updates/entities/status-update-author.entity.js';
import { StatusUpdate } from '../status-updates/entities/status-update.entity.js';
import { FocusArea } from '../strategy/entities/focus-area.entity.js';
import { GoalAssessment } from '../strategy/entities/goal-assessment.entity.js';
import { Goal } from '../strategy/entities/goal.entity.js';
import { Indicator, IndicatorValue } from '../strategy/entities/indicator.entity.js';
import { LifeEvent } from '../strategy/entities/life-event.entity.js';
import { Strategy } from '../strategy/entities/strategy.entity.js';

/** Every entity, listed once for the data source (no globs: the same list works in ts-jest and in dist). */
export const ENTITIES = [
  Organization,
  Strategy,
  Goal,
  Indicator,
  IndicatorValue,
  GoalAssessment,
  FocusArea,
  LifeEvent,
  Initiative,
  InitiativeGoal,
  InitiativeLifeEvent,
  InitiativePartner,
  Delivery,
  StatusUpdate,
  StatusUpdateAuthor,
  ReportingRoundRecord,
  PublishedReport,
  PublishedReportEntry,
  AuditEvent,
  Notification,
  Webhook,
  WebhookDelivery,
];
