import type { SecretClient } from 'anycloud/runtime';
import type { ResourceBinding } from 'anycloud/runtime/host';
import { isEmulatorEndpoint, managedIdentity } from './storage-credential';

/** How long a read value is reused before Key Vault is asked again. */
const CACHE_MS = 5 * 60_000;

/**
 * A Secret client on a Key Vault secret (RBAC: Key Vault Secrets User on this secret): reads
 * the latest version at run time with a token of the function's identity, reused for 5 minutes.
 * No SDK: one `fetch` (https://learn.microsoft.com/rest/api/keyvault/secrets/get-secret).
 */
export function keyVaultSecretClient(binding: ResourceBinding, id: string): SecretClient {
  const vaultUri = String(binding.vaultUri);
  let cached: { value: string; until: number } | undefined;
  return {
    async value() {
      if (cached && cached.until > Date.now()) return cached.value;
      const headers: Record<string, string> = {};
      if (!isEmulatorEndpoint(vaultUri)) {
        const token = await managedIdentity().getToken('https://vault.azure.net/.default');
        headers.authorization = `Bearer ${token!.token}`;
      }
      const response = await fetch(`${vaultUri}secrets/${encodeURIComponent(binding.name)}?api-version=7.5`, {
        headers,
      });
      if (!response.ok)
        throw new Error(`reading secret ${id} failed: ${response.status} ${await response.text()}`);
      const { value } = (await response.json()) as { value: string };
      cached = { value, until: Date.now() + CACHE_MS };
      return value;
    },
  };
}
