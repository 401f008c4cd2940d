/** Import direction of ARCHITECTURE.md: examples, cli, test, bench -> testing, pulumi -> providers -> lib. */
module.exports = {
  forbidden: [
    {
      name: 'lib-knows-no-cloud',
      comment: 'lib/ (the neutral model and runtime API) imports no provider and no cloud SDK.',
      severity: 'error',
      from: { path: '^lib/' },
      to: {
        path: [
          '^providers/',
          '^testing/',
          '^pulumi/',
          '^cli/',
          'aws-cdk-lib',
          '@aws-sdk/',
          '@pulumi/',
          '@azure/',
          '@google-cloud/',
        ],
      },
    },
    {
      name: 'runtime-is-tiny',
      comment: 'lib/runtime is bundled into every function: it imports nothing outside itself.',
      severity: 'error',
      from: { path: '^lib/runtime/' },
      to: { pathNot: ['^lib/runtime/'], dependencyTypesNot: ['core'] },
    },
    {
      name: 'providers-are-independent',
      comment:
        'A provider never imports another provider; providers/shared (bundle cache, Pulumi components) serves all and imports none.',
      severity: 'error',
      from: { path: '^providers/([^/]+)/' },
      to: { path: '^providers/', pathNot: ['^providers/$1/', '^providers/shared/'] },
    },
    {
      name: 'providers-only-import-down',
      severity: 'error',
      from: { path: '^providers/' },
      to: { path: ['^testing/', '^pulumi/', '^cli/', '^examples/', '^test/', '^bench/'] },
    },
    {
      name: 'provider-runtime-stays-in-function',
      comment: 'Code bundled into functions imports only lib/runtime and its own runtime folder.',
      severity: 'error',
      from: { path: '^providers/([^/]+)/runtime/' },
      to: { path: ['^lib/(?!runtime/)', '^providers/[^/]+/(?!runtime/)', 'aws-cdk-lib'] },
    },
    {
      name: 'testing-is-below-users',
      severity: 'error',
      from: { path: '^testing/' },
      to: { path: ['^cli/', '^examples/', '^test/', '^bench/'] },
    },
    {
      name: 'no-circular',
      comment: 'No import cycles at run time (type-only imports between model classes are fine).',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: ['node_modules', 'cdk.out', '\\.anycloud', '^dist/'] },
  },
};
