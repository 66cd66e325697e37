import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiTags } from '@nestjs/swagger';
import { Role } from '../../../common/auth/role';
import { Roles } from '../../../common/auth/roles.decorator';
import { ApiPageEnvelope } from '../../../common/http/api-envelope.decorator';
import { Page } from '../../../common/pagination/page';
import { instantOf } from '../../../common/time/instant';
import { AuditLogService } from '../audit-log.service';
import { AuditEntryResponseDto, ListAuditLogQueryDto } from './audit-log.dto';
import { toAuditEntryResponse } from './audit-log.mapper';

@ApiTags('audit')
@Controller('admin/audit-log')
export class AuditLogController {
  constructor(private readonly audit: AuditLogService) {}

  /** Administrative changes, newest first, with before/after (secrets redacted); page or cursor paged. */
  @Get()
  @Roles(Role.ADMIN)
  @ApiPageEnvelope(AuditEntryResponseDto)
  @ApiBadRequestResponse({ description: 'VALIDATION_ERROR: a bad filter or cursor' })
  async list(@Query() q: ListAuditLogQueryDto): Promise<Page<AuditEntryResponseDto>> {
    const page = await this.audit.list(
      {
        entityType: q.entityType,
        entityId: q.entityId,
        actorId: q.actorId,
        from: q.from ? instantOf(q.from) : undefined,
        to: q.to ? instantOf(q.to) : undefined,
      },
      { page: q.page, limit: q.limit, cursor: q.cursor },
    );
    return page.map(toAuditEntryResponse);
  }
}
