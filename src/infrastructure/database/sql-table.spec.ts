import { SqlTable } from './sql-table';

interface Thing {
  id: string;
  departmentId: string | null;
  from: Date;
  holidays: string[];
}

describe('SqlTable', () => {
  const things = new SqlTable<Thing>({
    from: 'things t',
    columns: `t.id, t.department_id, t.starts_at AS from,
      ARRAY(SELECT to_char(h, 'YYYY-MM-DD') FROM unnest(t.holidays) AS h ORDER BY h) AS holidays`,
    insert: 'department_id, starts_at AS from',
    update: 'department_id',
  });

  it('reads each column under its property name, expressions with commas included', () => {
    expect(things.columns).toBe(
      't.id, t.department_id AS "departmentId", t.starts_at AS "from", ' +
        `ARRAY(SELECT to_char(h, 'YYYY-MM-DD') FROM unnest(t.holidays) AS h ORDER BY h) AS "holidays"`,
    );
    expect(things.table).toBe('things');
    expect(things.alias).toBe('t');
    expect(things.from).toBe('things t');
  });

  it('takes insert values from the properties in column order, undefined included', () => {
    const from = new Date(0);
    expect(things.insertValues({ from, departmentId: undefined, id: 'ignored' })).toEqual([undefined, from]);
    expect(things.insertColumns.map((c) => c.sql)).toEqual(['department_id', 'starts_at']);
  });

  it('keys update values by column and leaves out nothing it was not told about', () => {
    expect(things.updateValues({ departmentId: null, from: new Date(0) })).toEqual({ department_id: null });
  });

  it('derives the columns of a deactivatable table from its writable ones', () => {
    const teams = SqlTable.deactivatable<{ id: string }>('teams', 'department_id, name');
    expect(teams.columns).toBe(
      'id, department_id AS "departmentId", name, is_active AS "isActive", created_at AS "createdAt", ' +
        'updated_at AS "updatedAt"',
    );
    expect(teams.insertColumns.map((c) => c.sql)).toEqual(['department_id', 'name']);
    expect(teams.updateColumns.map((c) => c.sql)).toEqual(['department_id', 'name', 'is_active']);
    expect(teams.from).toBe('teams');
  });
});
