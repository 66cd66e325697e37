import { Page, PageRequest } from '../../common/pagination/page';
import { NewNotification, Notification } from './domain/notification';

/** In-app notifications; every method takes the owner, so nobody reads or marks someone else's. */
export abstract class NotificationRepository {
  /** false when the user already has a notification for this event (consumers stay idempotent) */
  abstract insert(notification: NewNotification): Promise<boolean>;
  /** newest first */
  abstract list(userId: string, unreadOnly: boolean, page: PageRequest): Promise<Page<Notification>>;
  /** marks one read (keeping the first read time); null when it is not the user's */
  abstract markRead(userId: string, id: string): Promise<Notification | null>;
  /** how many were unread */
  abstract markAllRead(userId: string): Promise<number>;
}
