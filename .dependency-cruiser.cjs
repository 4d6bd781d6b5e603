/**
 * Architecture rules (ARCHITECTURE.md, rules 2 and 4). `npm run arch` fails CI on any violation.
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
