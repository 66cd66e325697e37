import { Injectable } from '@nestjs/common';
import { Actor } from '../../common/auth/actor';
import { found } from '../../common/errors/domain-errors';
import { Page, PageRequest } from '../../common/pagination/page';
import { Notification } from './domain/notification';
import { NotificationRepository } from './notification-repository.port';

/** The caller's in-app notifications: only ever their own (someone else's id is 404, as a missing one). */
@Injectable()
export class NotificationsService {
  constructor(private readonly notifications: NotificationRepository) {}

  list(user: Actor, unreadOnly: boolean, page: PageRequest): Promise<Page<Notification>> {
    return this.notifications.list(user.id, unreadOnly, page);
  }

  async markRead(user: Actor, id: string): Promise<Notification> {
    return found(await this.notifications.markRead(user.id, id), 'Notification');
  }

  async markAllRead(user: Actor): Promise<{ updated: number }> {
    return { updated: await this.notifications.markAllRead(user.id) };
  }
}
