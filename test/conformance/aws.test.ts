import { AwsEmulatedApp } from '../aws/harness/aws-emulated-app';
import { startEmulators, useEmulatorEnvironment, type Emulators } from '../aws/harness/emulators';
import { conformanceApp } from './app';
import { CONFORMANCE_CASES } from './cases';

// The conformance set on the AWS runtime: real bundles, real AWS SDK clients, dynalite, s3rver and fauxqs.
describe('conformance on AWS', () => {
  let emulators: Emulators;
  let env: AwsEmulatedApp;

  beforeAll(async () => {
    emulators = await startEmulators();
    useEmulatorEnvironment(emulators);
    env = await AwsEmulatedApp.deploy(conformanceApp(), emulators);
  }, 120_000);

  afterAll(async () => {
    await emulators?.stop();
  });

  for (const c of CONFORMANCE_CASES) {
    test(c.name, async () => {
      await c.run(env);
    });
  }
});
