import { Resource, Route } from '../../../common/http/route.decorator';
import { Query } from '@nestjs/common';
import { Actor } from '../../../common/auth/actor';
import { CurrentActor } from '../../../common/auth/current-actor.decorator';
import { IdParam } from '../../../common/http/id-param.pipe';
import { NotificationsService } from '../notifications.service';
import { ListNotificationsQueryDto, NotificationResponseDto, ReadAllResponseDto } from './notification.dto';
import { toNotificationResponse } from './notification.mapper';

@Resource('notifications', 'notifications', 'signed-in')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Route.list('', NotificationResponseDto, {
    summary: 'Your in-app notifications, newest first',
    description:
      '`unread=true` lists only unread ones. Internal notes never produce notifications for END_USERs.',
  })
  async list(@CurrentActor() user: Actor, @Query() q: ListNotificationsQueryDto) {
    const page = await this.notifications.list(user, q.unread ?? false, q);
    return page.map(toNotificationResponse);
  }

  @Route.post('read-all', ReadAllResponseDto, {
    summary: 'Mark all your notifications read',
    description: 'Answers how many were unread.',
  })
  readAll(@CurrentActor() user: Actor): Promise<ReadAllResponseDto> {
    return this.notifications.markAllRead(user);
  }

  @Route.post(':id/read', NotificationResponseDto, {
    summary: 'Mark one notification read',
    description:
      'Idempotent: marking it again keeps the first read time. Someone else’s notification is 404.',
    notFound: 'no such notification of yours',
  })
  async read(@CurrentActor() user: Actor, @IdParam('Notification') id: string) {
    return toNotificationResponse(await this.notifications.markRead(user, id));
  }
}
