import { StagedEvent } from '../../common/events/event-publisher';
import { SqlParams } from '../database/sql';

/**
 * The INSERT of a staged event's outbox row, as a data-modifying CTE body: one row per row of `from` (a CTE of the
 * same statement), with `dataFields` (field name -> SQL expression over `from`) set in the payload's data, for
 * values only the statement knows (the id of the row it inserts).
 */
export function outboxInsert(
  p: SqlParams,
  event: StagedEvent,
  from: string,
  dataFields: Record<string, string> = {},
): string {
  let payload = `${p.add(event.payload)}::jsonb`;
  for (const [field, expression] of Object.entries(dataFields)) {
    payload = `jsonb_set(${payload}, '{data,${field}}', to_jsonb(${expression}))`;
  }
  return `INSERT INTO outbox_events (type, aggregate_id, payload, trace_context)
    SELECT ${p.add(event.type)}::text, ${p.add(event.aggregateId)}::uuid, ${payload}, ${p.add(event.traceContext)}::jsonb
      FROM ${from}`;
}
