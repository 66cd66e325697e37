import { parseInboundRoutes } from '../../../config/inbound-routes';
import { routeInboundMail } from './inbound-routes';

const BILLING = '11111111-1111-4111-8111-111111111111';
const IT = '22222222-2222-4222-8222-222222222222';
const DEFAULT = '33333333-3333-4333-8333-333333333333';

describe('inbound routes', () => {
  it('parses address=department pairs, case-insensitively, ignoring blanks', () => {
    const setting = ` Billing@Example.com=${BILLING}, ,it@example.com = ${IT.toUpperCase()} `;
    expect([...parseInboundRoutes(setting)]).toEqual([
      ['billing@example.com', BILLING],
      ['it@example.com', IT],
    ]);
    expect(parseInboundRoutes(undefined).size).toBe(0);
    expect(parseInboundRoutes('').size).toBe(0);
  });

  it.each([
    'billing@example.com',
    `=${BILLING}`,
    'billing@example.com=not-a-uuid',
    `billing=${BILLING}`,
    `billing@example.com=${BILLING},billing@example.com=${IT}`,
  ])('refuses %p', (value) => {
    expect(() => parseInboundRoutes(value)).toThrow();
  });

  it('routes by the first recipient with a route, else to the default department, else nowhere', () => {
    const routes = parseInboundRoutes(`billing@example.com=${BILLING},it@example.com=${IT}`);
    expect(
      routeInboundMail(['someone@example.com', 'IT@example.com', 'billing@example.com'], routes, DEFAULT),
    ).toEqual({ departmentId: IT, recipient: 'it@example.com' });
    expect(routeInboundMail(['help@example.com'], routes, DEFAULT)).toEqual({
      departmentId: DEFAULT,
      recipient: 'help@example.com',
    });
    expect(routeInboundMail([], routes, null)).toEqual({ departmentId: null, recipient: null });
  });
});
