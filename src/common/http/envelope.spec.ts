import { requestIdFrom } from './envelope';

describe('requestIdFrom', () => {
  it.each([
    '3f1c2a4e-1b2c-4d5e-8f90-123456789abc',
    '3F1C2A4E-1B2C-4D5E-8F90-123456789ABC',
    '0af7651916cd43dd8448eb211c80319c', // ingress hex id
    'req:2026-11.29_abc',
    'x'.repeat(128),
  ])('keeps %j', (value) => {
    expect(requestIdFrom(value)).toBe(value);
  });
  it.each([
    undefined,
    '',
    'abc',
    'seven77',
    'x'.repeat(129),
    'evil-id; drop',
    '3f1c2a4e-1b2c-4d5e-8f90-123456789abc\nInjected',
    'ünïcode-id',
  ])('replaces %j with a fresh UUID', (value) => {
    const id = requestIdFrom(value);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(id).not.toBe(value);
  });
});
