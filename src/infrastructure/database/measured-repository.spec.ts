import { currentRepositoryOperation, MeasuredRepository, RepositoryOperation } from './measured-repository';

class Base {
  rows(): RepositoryOperation | undefined {
    return currentRepositoryOperation();
  }
}

@MeasuredRepository('others')
class Others extends Base {
  async find(): Promise<RepositoryOperation | undefined> {
    await new Promise((r) => setImmediate(r));
    return this.rows();
  }
}

@MeasuredRepository()
class Tickets extends Base {
  constructor(private readonly others: Others) {
    super();
  }

  async findById(): Promise<RepositoryOperation | undefined> {
    await Promise.resolve();
    return this.load();
  }

  load(): RepositoryOperation | undefined {
    return this.rows();
  }

  viaOther(): Promise<RepositoryOperation | undefined> {
    return this.others.find();
  }
}

describe('MeasuredRepository', () => {
  const tickets = new Tickets(new Others());

  it('names the operation after the method called from outside, across awaits and inner helpers', async () => {
    expect(await tickets.findById()).toEqual({ repository: 'Tickets', operation: 'findById' });
    expect(tickets.load()).toEqual({ repository: 'Tickets', operation: 'load' });
    expect(tickets.rows()).toEqual({ repository: 'Tickets', operation: 'rows' }); // inherited methods too
  });

  it('hands over to another repository called from within, and leaves nothing behind', async () => {
    expect(await tickets.viaOther()).toEqual({ repository: 'others', operation: 'find' });
    expect(currentRepositoryOperation()).toBeUndefined();
  });
});
