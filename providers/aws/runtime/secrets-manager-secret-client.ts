import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SecretClient } from 'anycloud/runtime';
import type { ResourceBinding } from 'anycloud/runtime/host';

let shared: SecretsManagerClient | undefined;
const CACHE_MS = 5 * 60 * 1000;

/** Uses `client` for every secret client made afterwards. */
export function useSecretsManagerClient(client: SecretsManagerClient): void {
  shared = client;
}

/** A Secret client on Secrets Manager; the value is cached for five minutes per container. */
export function secretsManagerSecretClient(binding: ResourceBinding): SecretClient {
  let cached: { value: string; at: number } | undefined;
  return {
    async value() {
      if (cached && Date.now() - cached.at < CACHE_MS) return cached.value;
      shared ??= new SecretsManagerClient({});
      const result = await shared.send(new GetSecretValueCommand({ SecretId: binding.name }));
      if (result.SecretString === undefined)
        throw new Error(
          `secret "${binding.name}" has no string value; set one with aws secretsmanager put-secret-value`,
        );
      cached = { value: result.SecretString, at: Date.now() };
      return cached.value;
    },
  };
}
