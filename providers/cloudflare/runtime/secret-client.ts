import type { SecretClient } from 'anycloud/runtime';
import type { ResourceBinding } from 'anycloud/runtime/host';

/** A Secret client on a `secret_text` binding (the value is set from Pulumi secret config). */
export function cloudflareSecretClient(binding: ResourceBinding): SecretClient {
  return {
    async value() {
      if (typeof binding.native !== 'string')
        throw new Error(
          `secret "${binding.name}" has no value in this Worker; redeploy with the secret configured`,
        );
      return binding.native;
    },
  };
}
