import { compileFormSchema, FormSchemaFault } from './form-schema';

describe('compileFormSchema', () => {
  const compiled = compileFormSchema({
    type: 'object',
    required: ['model'],
    properties: {
      model: { type: 'string', minLength: 2 },
      specs: { type: 'object', properties: { ram: { type: 'integer' } }, required: ['ram'] },
      ports: { type: 'array', items: { type: 'string', maxLength: 3 } },
      'a/b': { type: 'boolean' },
    },
    additionalProperties: false,
  });
  const validate = compiled.ok ? compiled.validate : () => [];

  it('compiles a draft 2020-12 schema', () => {
    expect(compiled.ok).toBe(true);
    expect(validate({ model: 'X1', specs: { ram: 16 }, ports: ['usb'] })).toEqual([]);
  });

  it('reports one problem per failing field, with nested paths', () => {
    expect(
      validate({ model: 'X', specs: { ram: 'lots' }, ports: ['usb', 'thunderbolt'], 'a/b': 1, extra: 1 }),
    ).toEqual(
      expect.arrayContaining([
        { field: 'customFields.extra', message: 'is not allowed' },
        { field: 'customFields.model', message: 'must NOT have fewer than 2 characters' },
        { field: 'customFields.specs.ram', message: 'must be integer' },
        { field: 'customFields.ports[1]', message: 'must NOT have more than 3 characters' },
        { field: 'customFields.a/b', message: 'must be boolean' },
      ]),
    );
    expect(validate({ specs: {} })).toEqual([
      { field: 'customFields.model', message: 'is required' },
      { field: 'customFields.specs.ram', message: 'is required' },
    ]);
  });

  it.each([
    [{ $ref: 'http://169.254.169.254/latest/meta-data' }, /must name one of the schema's own "#\/\$defs/],
    [{ type: 'object', properties: { a: { $ref: '#/$defs/missing' } } }, /\$ref "#\/\$defs\/missing"/],
    [{ type: 'object', properties: { a: { pattern: '(' } } }, /not a valid regular expression/],
    [{ type: 'object', frobnicate: true }, /unknown keyword/],
    [true, /JSON Schema object/],
    [{ type: 'string' }, /describe an object/],
    [{ $async: true, type: 'object', required: ['a'] }, /must not be asynchronous \(\$async\)/],
    [{ $async: false, type: 'object' }, /must not be asynchronous/],
    [{ type: 'object', properties: { a: { $async: true, type: 'string' } } }, /async schema in sync schema/],
  ])('refuses %j', (schema, problem) => {
    const result = compileFormSchema(schema);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problem).toMatch(problem);
  });

  it('resolves references the schema defines itself', () => {
    const local = compileFormSchema({
      type: 'object',
      $defs: { code: { type: 'string', pattern: '^[A-Z]{3}$' } },
      properties: { site: { $ref: '#/$defs/code' } },
    });
    expect(local.ok && local.validate({ site: 'abc' })).toEqual([
      { field: 'customFields.site', message: 'must match pattern "^[A-Z]{3}$"' },
    ]);
  });
});

describe('compileFormSchema and the regular expressions of a form', () => {
  const redos = { type: 'object', properties: { a: { type: 'string', pattern: '(a+)+$' } } };

  it('runs pattern on the linear-time engine, so a backtracking pattern answers at once', () => {
    const compiled = compileFormSchema(redos);
    expect(compiled.ok).toBe(true);
    if (!compiled.ok) return;
    // on the backtracking engine this input takes longer than the age of the universe
    expect(compiled.validate({ a: `${'a'.repeat(5000)}!` })).toEqual([
      { field: 'customFields.a', message: 'must match pattern "(a+)+$"' },
    ]);
    expect(compiled.validate({ a: 'aaa' })).toEqual([]);
  });

  it('never hands a pattern to the backtracking RegExp engine', () => {
    const seen: string[] = [];
    const test = RegExp.prototype.test;
    const exec = RegExp.prototype.exec;
    const spies = [
      jest.spyOn(RegExp.prototype, 'test').mockImplementation(function (this: RegExp, s: string) {
        seen.push(this.source);
        return test.call(this, s);
      }),
      jest.spyOn(RegExp.prototype, 'exec').mockImplementation(function (this: RegExp, s: string) {
        seen.push(this.source);
        return exec.call(this, s);
      }),
    ];
    let problems: unknown;
    try {
      const compiled = compileFormSchema({
        type: 'object',
        properties: { code: { type: 'string', pattern: '^[A-Z]{3}$' } },
        patternProperties: { '^x-(a|b)+$': { type: 'integer' } },
      });
      problems = compiled.ok && compiled.validate({ code: 'ABC', 'x-ab': 'no' });
    } finally {
      spies.forEach((spy) => spy.mockRestore());
    }
    expect(problems).toEqual([{ field: 'customFields.x-ab', message: 'must be integer' }]);
    expect(seen).not.toContain('^[A-Z]{3}$');
    expect(seen).not.toContain('^x-(a|b)+$');
  });

  it('keeps the meaning of ordinary patterns, escaped backslashes included', () => {
    const compiled = compileFormSchema({
      type: 'object',
      properties: {
        sku: { type: 'string', pattern: '^\\d{3}-[a-z]+\\.\\\\p$' },
        name: { type: 'string', pattern: '^\\w[\\w .-]{0,40}$' },
      },
    });
    expect(compiled.ok).toBe(true);
    if (!compiled.ok) return;
    expect(compiled.validate({ sku: '123-ab.\\p', name: 'Jo Ann' })).toEqual([]);
    expect(compiled.validate({ sku: '12-ab.\\p', name: '-x' }).map((p) => p.field)).toEqual([
      'customFields.sku',
      'customFields.name',
    ]);
  });
});

describe('compileFormSchema and references', () => {
  it.each([
    [{ $id: 'x', $ref: 'x' }, /\$ref "x"/],
    [{ $ref: '#' }, /\$ref "#"/],
    [{ type: 'object', $dynamicRef: '#a' }, /must not use \$dynamicRef/],
    [{ type: 'object', $dynamicAnchor: 'a' }, /must not use \$dynamicAnchor/],
    [{ type: 'object', properties: { a: { $anchor: 'a' } } }, /must not use \$anchor/],
    [{ type: 'object', properties: { a: { $id: 'a', type: 'string' } } }, /\$id below the root/],
    [
      { type: 'object', $defs: { a: { $ref: '#/$defs/a' } }, properties: { x: { $ref: '#/$defs/a' } } },
      /recursive/,
    ],
    [
      {
        type: 'object',
        $defs: { a: { properties: { b: { $ref: '#/$defs/b' } } }, b: { items: { $ref: '#/$defs/a' } } },
        properties: { x: { $ref: '#/$defs/a' } },
      },
      /recursive/,
    ],
    [
      { type: 'object', properties: { a: { $defs: { b: { type: 'string' } } } } },
      /definitions in the root's \$defs/,
    ],
  ])('refuses %j', (schema, problem) => {
    const result = compileFormSchema(schema);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problem).toMatch(problem);
  });

  it('refuses definitions that grow exponentially once references are followed', () => {
    const $defs: Record<string, unknown> = { d0: { type: 'string' } };
    for (let i = 1; i <= 20; i++)
      $defs[`d${i}`] = { allOf: [{ $ref: `#/$defs/d${i - 1}` }, { $ref: `#/$defs/d${i - 1}` }] };
    const result = compileFormSchema({ type: 'object', $defs, properties: { a: { $ref: '#/$defs/d20' } } });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problem).toMatch(/more than 5000 subschemas/);
  });

  it('refuses nesting deeper than 32 levels, also through references', () => {
    let deep: Record<string, unknown> = { type: 'string' };
    for (let i = 0; i < 2000; i++) deep = { not: deep };
    const nested = compileFormSchema({ type: 'object', properties: { a: deep } });
    expect(nested.ok).toBe(false);
    if (!nested.ok) expect(nested.problem).toMatch(/more than 32 deep/);

    const $defs: Record<string, unknown> = { d0: { type: 'string' } };
    for (let i = 1; i <= 40; i++) $defs[`d${i}`] = { not: { not: { $ref: `#/$defs/d${i - 1}` } } };
    const chained = compileFormSchema({ type: 'object', $defs, properties: { a: { $ref: '#/$defs/d40' } } });
    expect(chained.ok).toBe(false);
    if (!chained.ok) expect(chained.problem).toMatch(/more than 32 deep/);
  });

  it('accepts shared, non-recursive definitions and a root $id', () => {
    const result = compileFormSchema({
      $id: 'https://forms.example.com/laptop',
      type: 'object',
      $defs: { code: { type: 'string', pattern: '^[A-Z]{3}$' }, site: { $ref: '#/$defs/code' } },
      definitions: { qty: { type: 'integer', minimum: 1 } },
      properties: {
        from: { $ref: '#/$defs/site' },
        to: { $ref: '#/$defs/code' },
        n: { $ref: '#/definitions/qty' },
      },
    });
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.validate({ from: 'AMS', to: 'BER', n: 1 })).toEqual([]);
      expect(result.validate({ from: 'ams', to: 'BER', n: 0 }).map((p) => p.field)).toEqual([
        'customFields.from',
        'customFields.n',
      ]);
    }
  });

  it('leaves data keywords alone: a "$ref" inside enum, const or default is a value', () => {
    const result = compileFormSchema({
      type: 'object',
      properties: {
        a: { enum: [{ $ref: 'x' }], default: { $ref: 'x' } },
        b: { const: { $dynamicRef: '#a' } },
      },
    });
    expect(result.ok).toBe(true);
  });

  it('turns a schema that throws when run into a FormSchemaFault, never a crash of the caller', () => {
    const compiled = compileFormSchema({
      type: 'object',
      properties: { a: { type: 'string', format: 'email' } },
    });
    expect(compiled.ok).toBe(true);
    if (!compiled.ok) return;
    const looping = {
      get a(): string {
        throw new RangeError('Maximum call stack size exceeded');
      },
    };
    expect(() => compiled.validate(looping)).toThrow(FormSchemaFault);
  });
});
