import { ApiList, ApiOne, ApiRoute } from '../../../common/http/api-route.decorator';
import { Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Actor } from '../../../common/auth/actor';
import { CurrentActor } from '../../../common/auth/current-actor.decorator';
import { Authenticated } from '../../../common/auth/roles.decorator';
import { Page } from '../../../common/pagination/page';
import { IdParam } from '../../../common/http/id-param.pipe';
import { NotificationsService } from '../notifications.service';
import { ListNotificationsQueryDto, NotificationResponseDto, ReadAllResponseDto } from './notification.dto';
import { toNotificationResponse } from './notification.mapper';

@ApiTags('notifications')
@Authenticated()
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @ApiList(NotificationResponseDto, {
    summary: 'Your in-app notifications, newest first',
    description:
      '`unread=true` lists only unread ones. Internal notes never produce notifications for END_USERs.',
  })
  async list(
    @CurrentActor() user: Actor,
    @Query() q: ListNotificationsQueryDto,
  ): Promise<Page<NotificationResponseDto>> {
    return (await this.notifications.list(user, q.unread ?? false, q.page, q.limit)).map(
      toNotificationResponse,
    );
  }

  @Post('read-all')
  @HttpCode(200)
  @ApiRoute(ReadAllResponseDto, {
    summary: 'Mark all your notifications read',
    description: 'Answers how many were unread.',
  })
  readAll(@CurrentActor() user: Actor): Promise<ReadAllResponseDto> {
    return this.notifications.markAllRead(user);
  }

  @Post(':id/read')
  @HttpCode(200)
  @ApiOne(NotificationResponseDto, {
    summary: 'Mark one notification read',
    description:
      'Idempotent: marking it again keeps the first read time. Someone else’s notification is 404.',
    notFound: 'no such notification of yours',
  })
  async read(
    @CurrentActor() user: Actor,
    @IdParam('Notification') id: string,
  ): Promise<NotificationResponseDto> {
    return toNotificationResponse(await this.notifications.markRead(user, id));
  }
}
