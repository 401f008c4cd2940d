import { AwsEmulatedApp } from '../aws/harness/aws-emulated-app';
import { startEmulators, useEmulatorEnvironment } from '../aws/harness/emulators';
import { CONFORMANCE_SECRETS } from './app';
import { describeConformance } from './describe-conformance';

// The conformance set on the AWS runtime: real bundles, real AWS SDK clients, dynalite, s3rver and fauxqs.
describeConformance('aws', {
  auth: true,
  start: async (app) => {
    const emulators = await startEmulators();
    try {
      useEmulatorEnvironment(emulators);
      const runner = await AwsEmulatedApp.deploy(app, emulators, { secrets: CONFORMANCE_SECRETS });
      return {
        runner,
        close: async () => {
          await runner.close();
          await emulators.stop();
        },
      };
    } catch (error) {
      await emulators.stop();
      throw error;
    }
  },
});
