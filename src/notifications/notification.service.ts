import { Injectable } from '@nestjs/common';
import { ConnectionShape, timedPage } from '../common/pagination/index.js';
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
    return timedPage(first, after, (cursor, limit) => this.notifications.page(filter, cursor, limit));
  }
}
