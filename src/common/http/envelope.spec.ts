import { requestIdFrom } from './envelope';

describe('requestIdFrom', () => {
  it('keeps a UUID', () => {
    expect(requestIdFrom('3f1c2a4e-1b2c-4d5e-8f90-123456789abc')).toBe(
      '3f1c2a4e-1b2c-4d5e-8f90-123456789abc',
    );
  });
  it.each([undefined, '', 'abc', 'x'.repeat(36), '3f1c2a4e-1b2c-4d5e-8f90-123456789abc\nInjected'])(
    'replaces %j with a fresh UUID',
    (value) => {
      const id = requestIdFrom(value);
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(id).not.toBe(value);
    },
  );
});
