import { AzureFunctionsApp } from '../azure/harness/azure-app';
import { CONFORMANCE_SECRETS } from './app';
import { describeConformance } from './describe-conformance';

// The conformance set on the Azure runtime: the Pulumi program's real function packages loaded
// through the real @azure/functions v4 model, storage in Azurite; API Management, the Functions
// host's queue loop, Event Grid and timers played from the declared resources.
describeConformance('azure', {
  auth: true,
  start: async (app) => {
    const env = await AzureFunctionsApp.deploy(app, { secrets: CONFORMANCE_SECRETS });
    return { runner: env, close: () => env.dispose() };
  },
});
