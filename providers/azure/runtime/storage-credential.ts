import type { TokenCredential } from '@azure/core-auth';
import { ManagedIdentityCredential } from './managed-identity-credential';

/**
 * The storage emulator's development account (Azurite's well-known, public `devstoreaccount1`,
 * what `UseDevelopmentStorage=true` means): https://learn.microsoft.com/azure/storage/common/storage-use-azurite#well-known-storage-account-and-key
 */
export const DEVELOPMENT_ACCOUNT = {
  name: 'devstoreaccount1',
  key: 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==',
} as const;

/** True when `url` is on this machine (an emulator: Azurite, or a test harness playing a service). */
export function isEmulatorEndpoint(url: string): boolean {
  const host = new URL(url).hostname;
  return host === '127.0.0.1' || host === 'localhost' || host === '[::1]';
}

/** True when `url` is the storage emulator's development account. */
export function isDevelopmentStorage(url: string): boolean {
  return isEmulatorEndpoint(url) && new URL(url).pathname.startsWith(`/${DEVELOPMENT_ACCOUNT.name}`);
}

let identity: TokenCredential | undefined;

/** The function's managed identity (one per process). */
export function managedIdentity(): TokenCredential {
  identity ??= new ManagedIdentityCredential();
  return identity;
}
