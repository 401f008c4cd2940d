// One measured synthesis in a fresh process: `tsx synth-once.ts <anycloud|pulumi> <N> <packageZip>`.
// Runs the program under pulumi.runtime.setMocks until every registration is answered.
// Prints {"ms": wall time since process start, "programMs": program + registrations only, "rssMb": peak RSS,
// "resources": n, "custom": n of them that are not components}.
import { performance } from 'node:perf_hooks';
import * as pulumi from '@pulumi/pulumi';
import { anycloudProgram, handWrittenProgram } from './programs';

/** Inputs that carry a resource's own name, most specific first (as providers/azure/synth.ts mocks them). */
const NAME_INPUTS = [
  'operationId',
  'policyId',
  'backendId',
  'namedValueId',
  'apiId',
  'blobName',
  'tableName',
  'containerName',
  'serviceName',
  'roleAssignmentName',
  'resourceName',
  'name',
  'accountName',
  'resourceGroupName',
];

/** The outputs Azure computes that the programs read: `name`, identity ids, the app's host name. */
function computed(type: string, name: string, inputs: Record<string, unknown>): Record<string, unknown> {
  const own = NAME_INPUTS.map((k) => inputs[k]).find((v) => typeof v === 'string');
  const outputs: Record<string, unknown> = { name: own ?? name };
  if (type === 'azure-native:managedidentity:UserAssignedIdentity') {
    outputs.principalId = `${name}-principal`;
    outputs.clientId = `${name}-client`;
  }
  if (type === 'azure-native:web:WebApp')
    outputs.defaultHostName = `${String(inputs.name)}.azurewebsites.net`;
  return outputs;
}

async function main(): Promise<void> {
  const [, , kind, n, packageZip] = process.argv;
  let resources = 0;
  let custom = 0;
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        resources++;
        if (args.custom) custom++;
        return {
          id: `${args.name}-id`,
          state: { ...args.inputs, ...computed(args.type, args.name, args.inputs) },
        };
      },
      call: (args) => {
        if (args.token === 'azure-native:authorization:getClientConfig')
          return {
            subscriptionId: '00000000-0000-0000-0000-000000000000',
            tenantId: '11111111-1111-1111-1111-111111111111',
            clientId: '11111111-1111-1111-1111-111111111111',
            objectId: '11111111-1111-1111-1111-111111111111',
          };
        if (args.token === 'azure-native:web:listWebAppHostKeys')
          return {
            functionKeys: { default: 'bench-host-key' },
            masterKey: 'bench-master-key',
            systemKeys: {},
          };
        return args.inputs;
      },
    },
    'bench',
    'dev',
    false,
  );
  const start = performance.now();
  if (kind === 'anycloud') anycloudProgram(Number(n));
  else handWrittenProgram(Number(n), packageZip);
  await (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
  const end = performance.now();
  process.stdout.write(
    JSON.stringify({
      ms: end,
      programMs: end - start,
      rssMb: process.resourceUsage().maxRSS / 1024,
      resources,
      custom,
    }),
  );
}

void main();
