import { Page, PageRequest } from '../../../common/pagination/page';
import { NewNotification, Notification } from '../domain/notification';
import { NotificationRepository } from '../notification-repository.port';
import { NotificationRow, toNotification } from './notification-rows';
import { SqlRepository } from '../../../infrastructure/database/sql-repository';
import { SqlAdapter } from '../../../infrastructure/database/sql-adapter';

@SqlAdapter(NotificationRepository)
export class SqlNotificationRepository extends SqlRepository implements NotificationRepository {
  async insert(n: NewNotification): Promise<boolean> {
    const rows = await this.rows<{ id: string }>(
      `INSERT INTO notifications (user_id, event_id, type, ticket_id, title, body, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (user_id, event_id) DO NOTHING RETURNING id`,
      [n.userId, n.eventId, n.type, n.ticketId, n.title, n.body, n.occurredAt],
    );
    return rows.length > 0;
  }

  async list(userId: string, unreadOnly: boolean, page: PageRequest): Promise<Page<Notification>> {
    const unread = unreadOnly ? ' AND read_at IS NULL' : '';
    const rows = await this.paged<NotificationRow>(
      {
        from: `FROM notifications WHERE user_id = $1${unread}`,
        orderBy: 'created_at DESC, id DESC',
        params: [userId],
      },
      page,
    );
    return rows.map(toNotification);
  }

  async markRead(userId: string, id: string): Promise<Notification | null> {
    const [row] = await this.rows<NotificationRow>(
      `UPDATE notifications SET read_at = coalesce(read_at, now()) WHERE id = $1 AND user_id = $2 RETURNING *`,
      [id, userId],
    );
    return row ? toNotification(row) : null;
  }

  async markAllRead(userId: string): Promise<number> {
    const rows = await this.rows<{ id: string }>(
      `UPDATE notifications SET read_at = now() WHERE user_id = $1 AND read_at IS NULL RETURNING id`,
      [userId],
    );
    return rows.length;
  }
}
