import { Injectable } from '@nestjs/common';
import { invalidField } from '../../common/errors/domain-errors';
import { Page } from '../../common/pagination/page';
import { AuditLogRepository } from './audit-log-repository.port';
import { AuditEntry, AuditFilter, decodeAuditCursor, encodeAuditCursor } from './domain/audit-entry';

export interface AuditPaging {
  page: number;
  limit: number;
  cursor?: string;
}

/** Reads the audit log (ADMIN), newest first, by page or by cursor. */
@Injectable()
export class AuditLogService {
  constructor(private readonly log: AuditLogRepository) {}

  async list(filter: AuditFilter, paging: AuditPaging): Promise<Page<AuditEntry>> {
    if (filter.from && filter.to && filter.from > filter.to)
      throw invalidField('from', 'must not be after `to`');
    let position: ReturnType<typeof decodeAuditCursor> | number = (paging.page - 1) * paging.limit;
    if (paging.cursor !== undefined) {
      position = decodeAuditCursor(paging.cursor);
      if (!position) throw invalidField('cursor', 'is not a cursor returned by this endpoint');
    }
    const slice = await this.log.list(filter, paging.limit, position);
    const nextCursor = slice.next ? encodeAuditCursor(slice.next) : null;
    const page = paging.cursor !== undefined ? 1 : paging.page;
    return new Page(slice.entries, page, paging.limit, slice.total, nextCursor);
  }
}
