import { Injectable } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { ConflictError } from '../../../common/errors/domain-errors';
import { queryRows } from '../../../infrastructure/database/sql';
import { TypeOrmUnitOfWork } from '../../../infrastructure/database/typeorm-unit-of-work';

/** Raw SQL in the caller's transaction (or on the pool outside one), with unique violations as ConflictError. */
@Injectable()
export abstract class SlaSql {
  constructor(protected readonly uow: TypeOrmUnitOfWork) {}

  protected rows<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return queryRows<T>(this.uow.manager(), sql, params);
  }

  protected async write<T>(sql: string, params: unknown[], conflict: string): Promise<T[]> {
    try {
      return await this.rows<T>(sql, params);
    } catch (error) {
      if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505') {
        throw new ConflictError(conflict);
      }
      throw error;
    }
  }
}

/** `col = $n, …, updated_at = now()` for the defined values; column names come from code, never from input. */
export function assignments(columns: Record<string, unknown>, params: unknown[], touch = true): string {
  const parts: string[] = [];
  for (const [column, value] of Object.entries(columns)) {
    if (value === undefined) continue;
    params.push(value);
    parts.push(`${column} = $${params.length}`);
  }
  if (touch) parts.push('updated_at = now()');
  return parts.join(', ');
}

/** `date[]` read as `YYYY-MM-DD` text, never through the driver's local-time Date parsing. */
export const holidaysColumn = (alias: string): string =>
  `ARRAY(SELECT to_char(h, 'YYYY-MM-DD') FROM unnest(${alias}.holidays) AS h ORDER BY h) AS holidays`;
