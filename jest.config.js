/** @type {import('jest').Config} */
module.exports = {
  // Node, with console output held back unless the test fails (test/quiet-environment.js).
  testEnvironment: '<rootDir>/test/quiet-environment.js',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' } }],
  },
  moduleNameMapper: {
    '^anycloud$': '<rootDir>/lib/index.ts',
    '^anycloud/runtime$': '<rootDir>/lib/runtime/index.ts',
    '^anycloud/runtime/host$': '<rootDir>/lib/runtime/host-api.ts',
    '^anycloud/adapter$': '<rootDir>/providers/shared/index.ts',
    '^anycloud/adapter/pulumi$': '<rootDir>/providers/shared/pulumi-kernel.ts',
    '^anycloud/aws$': '<rootDir>/providers/aws/index.ts',
    // The module the Azure Functions Node.js worker injects: a recording stand-in (test/azure/harness).
    '^@azure/functions-core$': '<rootDir>/test/azure/harness/functions-core-stand-in.ts',
    '^anycloud/azure$': '<rootDir>/providers/azure/index.ts',
    '^anycloud/gcp$': '<rootDir>/providers/gcp/index.ts',
    '^anycloud/cloudflare$': '<rootDir>/providers/cloudflare/index.ts',
    '^anycloud/pulumi$': '<rootDir>/pulumi/index.ts',
    '^anycloud/local$': '<rootDir>/providers/local/index.ts',
    '^anycloud/testing$': '<rootDir>/testing/index.ts',
  },
  testTimeout: 60000,
};
