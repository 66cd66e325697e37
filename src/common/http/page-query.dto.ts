import { Max, Min } from 'class-validator';
import { QueryIntField } from './dto-fields';

export const MAX_PAGE = 1_000_000;
/** the largest `limit` */
export const MAX_LIMIT = 100;

/** `page` from 1 and `limit` 1–100 (default 20); a limit over 100 is a 400, never silently capped. */
export class PageQueryDto {
  /** Page number, from 1 */
  @QueryIntField()
  @Min(1)
  @Max(MAX_PAGE)
  page: number = 1;

  /** Items per page, 1 to 100 */
  @QueryIntField()
  @Min(1)
  @Max(MAX_LIMIT)
  limit: number = 20;
}
