/** Layering rules of docs/ARCHITECTURE.md and docs/STYLE.md, checked in `npm run lint`. */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'domain/ is plain TypeScript: no Nest, TypeORM, Fastify, validators or persistence',
      severity: 'error',
      from: { path: '/domain/' },
      to: {
        path: [
          'node_modules/(@nestjs|typeorm|fastify|@fastify|class-validator|class-transformer|ioredis|bullmq|pg)/',
          '/persistence/',
          '/http/',
          '^src/infrastructure/',
        ],
      },
    },
    {
      name: 'services-know-no-typeorm',
      comment: 'services depend on repository ports, never on TypeORM, Fastify or DTOs',
      severity: 'error',
      from: { path: '\\.service\\.ts$' },
      to: { path: ['node_modules/(typeorm|fastify|@fastify)/', '/persistence/', '/http/', '\\.dto\\.ts$'] },
    },
    {
      name: 'controllers-know-no-persistence',
      comment: 'transport talks to services only',
      severity: 'error',
      from: { path: '/http/' },
      to: { path: ['node_modules/typeorm/', '/persistence/'] },
    },
    {
      name: 'drivers-only-in-adapters',
      comment:
        'ioredis, BullMQ, pg and mailparser are used by adapters in persistence/ or infrastructure/, never by services, ports or domain',
      severity: 'error',
      from: { path: ['\\.service\\.ts$', '\\.port\\.ts$', '/domain/'] },
      to: { path: 'node_modules/(ioredis|bullmq|@nestjs/bullmq|pg|mailparser|mailsplit|imapflow)/' },
    },
    {
      name: 'no-drivers-at-module-root',
      comment:
        'a module uses ioredis, pg, mailparser, mailsplit or imapflow only in persistence/; BullMQ also in its *.module.ts and queue consumers (transport)',
      severity: 'error',
      from: { path: '^src/modules/', pathNot: ['/persistence/', '\\.module\\.ts$', '\\.consumer\\.ts$'] },
      to: { path: 'node_modules/(ioredis|bullmq|@nestjs/bullmq|pg|mailparser|mailsplit|imapflow)/' },
    },
    {
      name: 'modules-meet-at-their-root',
      comment: 'another module is used through its root, ports and domain, never its http/ or persistence/',
      severity: 'error',
      from: { path: '^src/modules/([^/]+)/' },
      to: { path: '^src/modules/[^/]+/(http|persistence)/', pathNot: '^src/modules/$1/' },
    },
    {
      name: 'no-cross-module-service-imports',
      comment:
        "another module's services are reached through its ports (*.port.ts), never by importing its *.service.ts",
      severity: 'error',
      from: { path: '^src/modules/([^/]+)/' },
      to: { path: '^src/modules/[^/]+/.*[.]service[.]ts$', pathNot: '^src/modules/$1/' },
    },
    {
      name: 'shared-layers-know-no-feature',
      comment: 'common/ and infrastructure/ must not depend on feature modules',
      severity: 'error',
      from: { path: '^src/(common|infrastructure|config)/' },
      to: { path: '^src/modules/' },
    },
    {
      name: 'no-feature-imports-notifications',
      comment: 'features publish events; notifications and realtime consume them',
      severity: 'error',
      from: { path: '^src/modules/(?!notifications|realtime)[^/]+/' },
      to: { path: '^src/modules/(notifications|realtime)/' },
    },
    {
      name: 'tickets-do-not-import-reactors',
      comment: 'assignment, approvals and sla react to ticket events; tickets never imports them',
      severity: 'error',
      from: { path: '^src/modules/tickets/' },
      to: { path: '^src/modules/(assignment|approvals|sla|reports)/' },
    },
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
