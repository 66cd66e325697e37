/** Layering rules of docs/ARCHITECTURE.md and docs/STYLE.md, checked in `npm run lint`. */

/** ioredis, BullMQ, pg and the mail parsers: the drivers only adapters may import. */
const DRIVERS = 'node_modules/(ioredis|bullmq|@nestjs/bullmq|pg|mailparser|mailsplit|imapflow)/';

/**
 * A forbidden dependency, an error: modules matching `from` must not import modules matching `to`. Each side is a
 * dependency-cruiser condition, or a path pattern (or a list of them) standing for `{ path }`.
 */
const forbid = (name, comment, from, to) => ({
  name,
  comment,
  severity: 'error',
  from: condition(from),
  to: condition(to),
});
const condition = (c) => (typeof c === 'string' || Array.isArray(c) ? { path: c } : c);

module.exports = {
  forbidden: [
    forbid(
      'domain-is-pure',
      'domain/ is plain TypeScript: no Nest, TypeORM, Fastify, validators or persistence',
      '/domain/',
      [
        'node_modules/(@nestjs|typeorm|fastify|@fastify|class-validator|class-transformer|ioredis|bullmq|pg)/',
        '/persistence/',
        '/http/',
        '^src/infrastructure/',
      ],
    ),
    forbid(
      'services-know-no-typeorm',
      'services depend on repository ports, never on TypeORM, Fastify or DTOs',
      '\\.service\\.ts$',
      ['node_modules/(typeorm|fastify|@fastify)/', '/persistence/', '/http/', '\\.dto\\.ts$'],
    ),
    forbid('controllers-know-no-persistence', 'transport talks to services only', '/http/', [
      'node_modules/typeorm/',
      '/persistence/',
    ]),
    forbid(
      'drivers-only-in-adapters',
      'ioredis, BullMQ, pg and mailparser are used by adapters in persistence/ or infrastructure/, never by services, ports or domain',
      ['\\.service\\.ts$', '\\.port\\.ts$', '/domain/'],
      DRIVERS,
    ),
    forbid(
      'no-drivers-at-module-root',
      'a module uses ioredis, pg, mailparser, mailsplit or imapflow only in persistence/; BullMQ also in its *.module.ts and queue consumers (transport)',
      { path: '^src/modules/', pathNot: ['/persistence/', '\\.module\\.ts$', '\\.consumer\\.ts$'] },
      DRIVERS,
    ),
    forbid(
      'modules-meet-at-their-root',
      'another module is used through its root, ports and domain, never its http/ or persistence/',
      '^src/modules/([^/]+)/',
      { path: '^src/modules/[^/]+/(http|persistence)/', pathNot: '^src/modules/$1/' },
    ),
    forbid(
      'no-cross-module-service-imports',
      "another module's services are reached through its ports (*.port.ts), never by importing its *.service.ts",
      '^src/modules/([^/]+)/',
      { path: '^src/modules/[^/]+/.*[.]service[.]ts$', pathNot: '^src/modules/$1/' },
    ),
    forbid(
      'shared-layers-know-no-feature',
      'common/ and infrastructure/ must not depend on feature modules',
      '^src/(common|infrastructure|config)/',
      '^src/modules/',
    ),
    forbid(
      'no-feature-imports-notifications',
      'features publish events; notifications and realtime consume them',
      '^src/modules/(?!notifications|realtime)[^/]+/',
      '^src/modules/(notifications|realtime)/',
    ),
    forbid(
      'tickets-do-not-import-reactors',
      'assignment, approvals and sla react to ticket events; tickets never imports them',
      '^src/modules/tickets/',
      '^src/modules/(assignment|approvals|sla|reports)/',
    ),
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { pathNot: '\\.(entity|module)\\.ts$' } },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.spec\\.ts$' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
  },
};
