import { Injectable } from '@nestjs/common';
import { BadUserInputError } from '../common/errors/index.js';
import {
  ConnectionShape,
  decodeCursor,
  isMicrosecondInstant,
  pageSize,
  toConnection,
} from '../common/pagination/index.js';
import { isUuid } from '../common/uuid.js';
import { Notification } from './entities/notification.entity.js';
import { NotificationFilter, NotificationRepository } from './notification.repository.js';

/** The record of what was sent: `notifications`, newest first. */
@Injectable()
export class NotificationService {
  constructor(private readonly notifications: NotificationRepository) {}

  async list(
    filter: NotificationFilter,
    first: number | null | undefined,
    after: string | null | undefined,
  ): Promise<ConnectionShape<Notification>> {
    const size = pageSize(first);
    const cursor = decodeCursor(after, 2);
    if (cursor && (!isMicrosecondInstant(cursor[0]) || !isUuid(cursor[1]))) {
      throw BadUserInputError.field('after', 'is not a cursor from this list');
    }
    const page = await this.notifications.page(filter, cursor as [string, string] | null, size + 1);
    const cursors = new Map(page.rows.map((row) => [row.notification.id, row.cursorAt]));
    return toConnection(
      page.rows.map((row) => row.notification),
      size,
      page.total,
      (n) => [cursors.get(n.id) ?? null, n.id],
      !!cursor,
    );
  }
}
