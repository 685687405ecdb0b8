import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AuthUser } from '@app/auth';
import { NotificationsService } from '@app/notifications';
import { CurrentUser } from '../auth/public.decorator';
import { ApiErrors } from '../http/api-errors.decorator';
import { NotificationQueryDto } from './dto/notification.dto';

/** Every signed-in user: their own in-app notifications, nobody else's. */
@ApiTags('notifications')
@Controller('api/notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  /** `?unread=true&limit&offset` → `[{id, kind, title, body, link, reportId, createdAt, readAt}]`, newest first. */
  @Get()
  @ApiErrors(401, 422)
  list(@Query() q: NotificationQueryDto, @CurrentUser() user: AuthUser) {
    return this.notifications.list(user.id, q);
  }

  /** `{count}` of the caller's unread notifications. */
  @Get('unread-count')
  @ApiErrors(401)
  unreadCount(@CurrentUser() user: AuthUser) {
    return this.notifications.unreadCount(user.id);
  }

  /** Marks every unread notification of the caller read → `{marked}`. */
  @Post('read-all')
  @HttpCode(200)
  @ApiErrors(401, 403)
  readAll(@CurrentUser() user: AuthUser) {
    return this.notifications.markAllRead(user.id);
  }

  /** Marks one of the caller's notifications read → the notification; anyone else's → 404. */
  @Post(':id/read')
  @HttpCode(200)
  @ApiErrors(401, 403, 404)
  read(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    return this.notifications.markRead(user.id, id);
  }
}
