import type { SecretClient } from 'anycloud/runtime';
import type { ResourceBinding } from 'anycloud/runtime/host';

/** Where a function gets its service account's access token (the metadata server on GCP). */
const METADATA_TOKEN =
  'http://metadata.google.internal/computeMetadata/v1/instance/service-accounts/default/token';

/** The Secret Manager REST endpoint (`SECRET_MANAGER_EMULATOR_HOST` points tests at a harness). */
function endpoint(): string {
  const emulator = process.env.SECRET_MANAGER_EMULATOR_HOST;
  return emulator ? `http://${emulator}` : 'https://secretmanager.googleapis.com';
}

/** An access token of the function's service account (none against an emulator). */
async function accessToken(): Promise<string | undefined> {
  if (process.env.SECRET_MANAGER_EMULATOR_HOST) return undefined;
  const response = await fetch(METADATA_TOKEN, { headers: { 'Metadata-Flavor': 'Google' } });
  if (!response.ok) throw new Error(`metadata server answered ${response.status} for an access token`);
  return ((await response.json()) as { access_token: string }).access_token;
}

/**
 * A Secret client on Secret Manager: reads the latest version over REST with the function's
 * own token (no gRPC client in the bundle), each call (a rotated secret is seen at once).
 */
export function secretManagerClient(binding: ResourceBinding): SecretClient {
  return {
    async value() {
      const token = await accessToken();
      const response = await fetch(`${endpoint()}/v1/${binding.name}/versions/latest:access`, {
        headers: token ? { authorization: `Bearer ${token}` } : {},
      });
      if (!response.ok)
        throw new Error(
          `Secret Manager answered ${response.status} for ${binding.name}: ${await response.text()}`,
        );
      const { payload } = (await response.json()) as { payload: { data: string } };
      return Buffer.from(payload.data, 'base64').toString('utf8');
    },
  };
}
