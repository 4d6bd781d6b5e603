/**
 * Architecture rules (ARCHITECTURE.md, rules 1, 2 and 4; ADR 14). `npm run arch` fails CI on any violation.
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: 'context-internals',
      comment: "A context reaches another context only through that context's index.ts.",
      severity: 'error',
      from: { path: '^src/modules/([^/]+)/' },
      to: {
        path: '^src/modules/([^/]+)/.+',
        pathNot: ['^src/modules/$1/', '^src/modules/[^/]+/index\\.ts$'],
      },
    },
    {
      name: 'domain-is-pure',
      comment: 'domain/ holds plain TypeScript: no framework, ORM, driver, queue or infrastructure.',
      severity: 'error',
      from: { path: '^src/modules/[^/]+/domain/' },
      to: {
        path: [
          '^node_modules/(@nestjs|typeorm|pg|bull|ioredis|express|class-validator|class-transformer)(/|$)',
          '^src/infrastructure/',
          '^src/modules/[^/]+/(application|infrastructure|http)/',
        ],
      },
    },
    {
      name: 'domain-knows-no-config',
      comment: 'Domain rules take what they need as arguments; the application layer reads the configuration.',
      severity: 'error',
      from: { path: '^src/modules/[^/]+/domain/' },
      to: { path: '^src/config/' },
    },
    {
      name: 'application-knows-no-http',
      comment: 'Handlers serve any transport (HTTP, CLI, queue): they never import controllers or request DTOs.',
      severity: 'error',
      from: { path: '^src/modules/[^/]+/application/' },
      to: { path: '^src/modules/[^/]+/http/' },
    },
    {
      name: 'http-reaches-data-through-the-bus',
      comment: 'Controllers send commands and queries; repositories, stores, queues and SQL stay below the application layer.',
      severity: 'error',
      from: { path: '^src/modules/[^/]+/http/' },
      to: {
        path: [
          '^src/modules/[^/]+/infrastructure/',
          '^src/infrastructure/(database|events|queue|redis)/',
          '^node_modules/(typeorm|@nestjs/typeorm|pg|bull|@nestjs/bull|ioredis)(/|$)',
        ],
      },
    },
    {
      name: 'infrastructure-knows-no-http',
      comment: 'Repositories, workers, stores and guards never depend on controllers or request DTOs.',
      severity: 'error',
      from: { path: '^src/modules/[^/]+/infrastructure/' },
      to: { path: '^src/modules/[^/]+/http/' },
    },
    {
      name: 'contracts-are-messages',
      comment:
        'index.ts exports commands, queries, events, views, error-code types and permission lists: never a Nest module, a descriptor, infrastructure or HTTP code.',
      severity: 'error',
      from: { path: '^src/modules/[^/]+/index\\.ts$' },
      to: {
        path: ['\\.module\\.ts$', '\\.context\\.ts$', '^src/modules/[^/]+/(infrastructure|http|cli)/', '^src/infrastructure/'],
      },
    },
    {
      name: 'descriptors-only-in-the-list',
      comment:
        "A context's descriptor (<context>.context.ts) is imported by src/contexts.ts alone; everything else iterates over CONTEXTS.",
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/contexts\\.ts$' },
      to: { path: '^src/modules/[^/]+/[^/]+\\.context\\.ts$' },
    },
    {
      name: 'context-modules-stay-inside',
      comment: "A context's Nest modules are wired by its descriptor; no other context imports them.",
      severity: 'error',
      from: { path: '^src/modules/([^/]+)/' },
      to: { path: '^src/modules/[^/]+/.+\\.module\\.ts$', pathNot: '^src/modules/$1/' },
    },
    {
      name: 'wiring-through-contracts',
      comment:
        'The wiring (app.module.ts, bootstrap.ts, cli.ts, contexts.ts and the other files at the top of src/) reaches a context only through its index.ts and its descriptor. Specs there check every context at once (the event catalogue), so they may look inside.',
      severity: 'error',
      from: { path: '^src/[^/]+\\.ts$', pathNot: '\\.spec\\.ts$' },
      to: { path: '^src/modules/', pathNot: '^src/modules/[^/]+/(index|[^/]+\\.context)\\.ts$' },
    },
    {
      name: 'libs-know-no-app',
      comment: 'libs/ is shared code with no knowledge of the application or its contexts.',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^(src|test|migrations)/' },
    },
    {
      name: 'platform-below-contexts',
      comment: 'The platform (infrastructure, config) never depends on a bounded context.',
      severity: 'error',
      from: { path: '^src/(infrastructure|config)/' },
      to: { path: '^src/modules/' },
    },
    {
      name: 'migrations-stand-alone',
      comment: 'A migration is reviewed SQL frozen in time; it must not change when application code does.',
      severity: 'error',
      from: { path: '^migrations/' },
      to: { path: '^(src|libs)/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: { path: '^(src|libs)/' },
      to: { circular: true },
    },
    {
      name: 'no-test-code-in-app',
      severity: 'error',
      from: { path: '^(src|libs|migrations)/', pathNot: ['\\.spec\\.ts$', '^libs/testing/'] },
      to: { path: ['^test/', '^libs/testing/', '\\.spec\\.ts$'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^dist/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
