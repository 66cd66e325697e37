import { compileFormSchema } from './form-schema';

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
    [{ $ref: 'http://169.254.169.254/latest/meta-data' }, /can't resolve reference/],
    [{ type: 'object', properties: { a: { $ref: '#/$defs/missing' } } }, /can't resolve reference/],
    [{ type: 'object', properties: { a: { pattern: '(' } } }, /not a valid JSON Schema/],
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
