import { AppValidationPipe } from '../../../common/http/validation';
import { readQuickly } from '../../../common/http/quick-query';
import { ListTicketsQueryDto } from './ticket.dto';

/** The same DTO without the quick reader: what the full validation (class-transformer, class-validator) answers. */
class FullyValidated extends ListTicketsQueryDto {}

const pipe = new AppValidationPipe();
const full = async (query: Record<string, unknown>): Promise<object | Error> => {
  try {
    return (await pipe.transform({ ...query }, { type: 'query', metatype: FullyValidated })) as object;
  } catch (error) {
    return error as Error;
  }
};

const PIECES: Record<string, unknown[]> = {
  status: [
    'OPEN',
    'OPEN,IN_PROGRESS',
    ' OPEN , IN_PROGRESS ',
    'open',
    'OPEN,,CLOSED',
    '',
    ',',
    'OPEN,NOPE',
    ['OPEN', 'CLOSED'],
    ['OPEN,CLOSED', 'RESOLVED'],
    'OPEN,OPEN,OPEN,OPEN,OPEN,OPEN,OPEN',
    'OPEN,OPEN,OPEN,OPEN,OPEN,OPEN,OPEN,OPEN',
    'PENDING_APPROVAL,OPEN,IN_PROGRESS,PENDING_USER,RESOLVED,CLOSED,CANCELLED',
  ],
  priority: [
    'HIGH',
    'LOW,URGENT',
    'HIGH,HIGH,HIGH,HIGH',
    'HIGH,HIGH,HIGH,HIGH,HIGH',
    'high',
    ['MEDIUM'],
    'X',
  ],
  page: [
    '1',
    '2',
    '0',
    '007',
    '1000000',
    '1000001',
    '10000000',
    '-1',
    '1.5',
    '1.0',
    '1e1',
    ' 5',
    '',
    'x',
    ['1'],
  ],
  limit: ['20', '1', '100', '101', '0', '050', '1e2', ' 20', '20 ', '', ['20', '30']],
  cursor: ['eyJzIjoiLWNyZWF0ZWRBdCJ9', '', 'x'.repeat(512), 'x'.repeat(513), '😀'.repeat(256), ['a', 'b']],
  sort: ['-createdAt', 'createdAt', 'priority', '-updatedAt', 'dueAt', 'updatedAt', '', ['priority']],
  q: ['printer'],
  view: ['0b8f8a8e-8b7a-4b6f-9a53-6f0f1b1c2d3e'],
  unknown: ['1'],
};

/** Every value of every parameter alone, and the bench's lists with each value added. */
function queries(): Array<Record<string, unknown>> {
  const all: Array<Record<string, unknown>> = [{}];
  const bases = [{}, { status: 'OPEN,IN_PROGRESS', priority: 'HIGH', limit: '20' }];
  for (const base of bases)
    for (const [key, values] of Object.entries(PIECES))
      for (const value of values) all.push({ ...base, [key]: value });
  return all;
}

describe('the quick reader of GET /tickets queries', () => {
  it('accepts only what the full validation accepts, and builds the same DTO', async () => {
    let quick = 0;
    for (const query of queries()) {
      const read = readQuickly(ListTicketsQueryDto, query);
      if (read === undefined) continue;
      quick += 1;
      const expected = await full(query);
      expect({ query, result: expected instanceof Error ? expected.message : { ...expected } }).toEqual({
        query,
        result: { ...read },
      });
      expect(read).toBeInstanceOf(ListTicketsQueryDto);
    }
    expect(quick).toBeGreaterThan(40);
  });

  it('reads the common list queries itself', () => {
    for (const query of [
      {},
      { status: 'OPEN,IN_PROGRESS', priority: 'HIGH', limit: '20' },
      { status: 'OPEN', priority: 'HIGH', limit: '20', cursor: 'eyJzIjoiLWNyZWF0ZWRBdCJ9' },
      { page: '3', limit: '50', sort: 'priority' },
    ])
      expect(readQuickly(ListTicketsQueryDto, query)).toBeDefined();
  });

  it('counts a status or priority named twice once, as the full validation does', async () => {
    const query = { status: ['OPEN,OPEN', 'OPEN'], priority: 'HIGH,URGENT,HIGH' };
    const read = readQuickly(ListTicketsQueryDto, query);
    expect(read).toMatchObject({ status: ['OPEN'], priority: ['HIGH', 'URGENT'] });
    expect({ ...(await full({ ...query, tag: 'vpn' })) }).toMatchObject({
      status: ['OPEN'],
      priority: ['HIGH', 'URGENT'],
    });
  });

  it('leaves other parameters, and values it would refuse, to the full validation', () => {
    for (const query of [
      { q: 'printer' },
      { view: 'x' },
      { status: 'NOPE' },
      { limit: '101' },
      { page: '0' },
    ])
      expect(readQuickly(ListTicketsQueryDto, query)).toBeUndefined();
  });
});
