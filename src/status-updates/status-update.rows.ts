import { DeliveryStatus } from '../initiatives/entities/enums.js';
import { Obstacle, StatusUpdate, UpdateState } from './entities/status-update.entity.js';

/** A status_update row as PostgreSQL returns it (snake_case columns). */
export interface StatusUpdateRow {
  id: string;
  initiative_id: string;
  period: string;
  status: string;
  progress_percent: number | null;
  summary: string;
  achievements: string | null;
  next_steps: string | null;
  risks: string | null;
  obstacles: string[] | string;
  state: string;
  author_subject: string;
  author_name: string | null;
  submitted_at: Date | null;
  reviewed_at: Date | null;
  reviewer_subject: string | null;
  review_comment: string | null;
  published_at: Date | null;
  created_at: Date;
  updated_at: Date;
  version: number;
}

/** The columns of `status_update` aliased `alias`, for raw SQL that maps its rows with `toStatusUpdate`. */
export function updateColumns(alias = 'su'): string {
  return [
    'id',
    'initiative_id',
    'period',
    'status',
    'progress_percent',
    'summary',
    'achievements',
    'next_steps',
    'risks',
    'obstacles',
    'state',
    'author_subject',
    'author_name',
    'submitted_at',
    'reviewed_at',
    'reviewer_subject',
    'review_comment',
    'published_at',
    'created_at',
    'updated_at',
    'version',
  ]
    .map((column) => `${alias}.${column}`)
    .join(', ');
}

/** varchar[] arrives parsed from pg, but be tolerant of its text form ({A,B}) too. */
function parseArray(value: string[] | string | null): string[] {
  if (Array.isArray(value)) return value;
  if (!value || value === '{}') return [];
  return value
    .replace(/^\{|\}$/g, '')
    .split(',')
    .filter(Boolean);
}

/** A raw row as the StatusUpdate entity (which is also the GraphQL type). */
export function toStatusUpdate(row: StatusUpdateRow): StatusUpdate {
  return Object.assign(new StatusUpdate(), {
    id: row.id,
    initiativeId: row.initiative_id,
    period: row.period,
    status: row.status as DeliveryStatus,
    progressPercent: row.progress_percent === null ? null : Number(row.progress_percent),
    summary: row.summary,
    achievements: row.achievements,
    nextSteps: row.next_steps,
    risks: row.risks,
    obstacles: parseArray(row.obstacles) as Obstacle[],
    state: row.state as UpdateState,
    authorSubject: row.author_subject,
    authorName: row.author_name,
    submittedAt: row.submitted_at,
    reviewedAt: row.reviewed_at,
    reviewerSubject: row.reviewer_subject,
    reviewComment: row.review_comment,
    publishedAt: row.published_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: Number(row.version),
  });
}

/** What the audit trail records of an update: its content and workflow fields, not bookkeeping. */
export function auditView(update: StatusUpdate): Record<string, unknown> {
  return {
    initiativeId: update.initiativeId,
    period: update.period,
    status: update.status,
    progressPercent: update.progressPercent,
    summary: update.summary,
    achievements: update.achievements,
    nextSteps: update.nextSteps,
    risks: update.risks,
    obstacles: update.obstacles,
    state: update.state,
    authorSubject: update.authorSubject,
    authorName: update.authorName,
    submittedAt: update.submittedAt,
    reviewedAt: update.reviewedAt,
    reviewerSubject: update.reviewerSubject,
    reviewComment: update.reviewComment,
    publishedAt: update.publishedAt,
  };
}
