/** Splits a column list at its top-level commas (a column may be an expression with commas inside parentheses). */
function splitColumns(list: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < list.length; i++) {
    const c = list[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(list.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(list.slice(start).trim());
  return parts.filter((part) => part !== '');
}

const camel = (snake: string): string => snake.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** One column of a list: the SQL that reads or writes it and the property of the domain object it is. */
interface Column {
  sql: string;
  key: string;
}

/**
 * `col` (the property is its camelCase name, a table prefix dropped), `col AS key`, or an expression ending in
 * `AS key`.
 */
function parseColumn(column: string): Column {
  const named = /^(.*\S)\s+AS\s+"?([A-Za-z_][A-Za-z0-9_]*)"?$/is.exec(column);
  if (named) return { sql: named[1], key: named[2] };
  return { sql: column, key: camel(column.slice(column.lastIndexOf('.') + 1)) };
}

/** Where a table and its rows' domain type meet. */
export interface SqlTableSpec {
  /** The table, with its alias when the columns use one: `macros m`. */
  from: string;
  /** The columns every read returns, as `table_column` (read as its camelCase property) or `expr AS property`. */
  columns: string;
  /** The columns an insert writes, from the properties of the same names (or `column AS property`). */
  insert?: string;
  /** The columns an update may set, from the properties of the same names; an undefined property is left as it is. */
  update?: string;
  /** What a unique violation on insert or update means to the caller (a ConflictError with this message). */
  taken?: string;
}

/**
 * A table read and written as whole rows of the domain type `T`: its columns are selected as the domain's property
 * names (`department_id AS "departmentId"`), so a row is the domain object with no mapping step. Column names come
 * from code, never from input. SqlRepository's `findIn`/`pagedIn`/`insertInto`/`updateIn`/`deleteFrom` take one.
 */
export class SqlTable<T> {
  /** The table's name, without its alias. */
  readonly table: string;
  /** The alias the columns use, or the table's name. */
  readonly alias: string;
  /** The select (and RETURNING) list, each column read under its property's name. */
  readonly columns: string;
  readonly insertColumns: readonly Column[];
  readonly updateColumns: readonly Column[];
  readonly taken: string | undefined;

  constructor(spec: SqlTableSpec) {
    const [table, alias] = spec.from.trim().split(/\s+/);
    this.table = table;
    this.alias = alias ?? table;
    this.columns = splitColumns(spec.columns)
      .map(parseColumn)
      .map(({ sql, key }) => (sql.endsWith(`.${key}`) || sql === key ? sql : `${sql} AS "${key}"`))
      .join(', ');
    this.insertColumns = splitColumns(spec.insert ?? '').map(parseColumn);
    this.updateColumns = splitColumns(spec.update ?? '').map(parseColumn);
    this.taken = spec.taken;
  }

  /**
   * A table of records deactivated rather than deleted while something refers to them: `id`, the `writable`
   * columns, `is_active` and the timestamps. An insert writes the writable columns (is_active takes its default),
   * an update those and `is_active`.
   */
  static deactivatable<T>(from: string, writable: string, taken?: string): SqlTable<T> {
    return new SqlTable<T>({
      from,
      columns: `id, ${writable}, is_active, created_at, updated_at`,
      insert: writable,
      update: `${writable}, is_active`,
      taken,
    });
  }

  /** The table as a FROM item: `macros m`, or `service_items`. */
  get from(): string {
    return this.alias === this.table ? this.table : `${this.table} ${this.alias}`;
  }

  /** A row of the table as the domain object (the identity: the columns already carry the properties' names). */
  readonly row = (row: T): T => row;

  /** The values of the insert columns, in their order (undefined is sent as NULL, as the driver does). */
  insertValues(values: object): unknown[] {
    const source = values as Record<string, unknown>;
    return this.insertColumns.map(({ key }) => source[key]);
  }

  /** The update columns with the changes' values, keyed by column (undefined: left as it is). */
  updateValues(changes: object): Record<string, unknown> {
    const source = changes as Record<string, unknown>;
    return Object.fromEntries(this.updateColumns.map(({ sql, key }) => [sql, source[key]]));
  }
}

/** `departmentId` → `department_id`, as a type. */
type SnakeCase<S extends string> = S extends `${infer Head}${infer Tail}`
  ? `${Head extends Lowercase<Head> ? Head : `_${Lowercase<Head>}`}${SnakeCase<Tail>}`
  : S;

/**
 * The row of a table whose columns are the snake_case names of `T`'s properties: for the repositories that map
 * their rows field by field (hot reads keep an explicit mapper), so the row is not a second declaration of the type.
 */
export type RowOf<T> = { [K in keyof T & string as SnakeCase<K>]: T[K] };
