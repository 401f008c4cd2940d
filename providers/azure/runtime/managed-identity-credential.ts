import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/core-auth';
import { APP_SETTINGS } from './app-settings';

/** Tokens are renewed this long before they expire. */
const RENEW_MS = 5 * 60_000;

/**
 * The function's user-assigned managed identity as a `TokenCredential`, through the App Service
 * identity endpoint the platform sets (`IDENTITY_ENDPOINT`, `IDENTITY_HEADER`; protocol
 * https://learn.microsoft.com/azure/app-service/overview-managed-identity#rest-endpoint-reference),
 * with the identity's client id from `ANYCLOUD_IDENTITY_CLIENT_ID`. A few lines instead of
 * `@azure/identity` (and MSAL) in every bundle; tokens are cached per resource.
 */
export class ManagedIdentityCredential implements TokenCredential {
  private readonly tokens = new Map<string, Promise<AccessToken>>();

  async getToken(scopes: string | string[], _options?: GetTokenOptions): Promise<AccessToken> {
    const scope = Array.isArray(scopes) ? scopes[0] : scopes;
    const resource = scope.replace(/\/\.default$/, '/');
    const cached = this.tokens.get(resource);
    if (cached) {
      const token = await cached.catch(() => undefined);
      if (token && token.expiresOnTimestamp - RENEW_MS > Date.now()) return token;
    }
    const fresh = this.request(resource);
    this.tokens.set(resource, fresh);
    return fresh;
  }

  private async request(resource: string): Promise<AccessToken> {
    const endpoint = process.env.IDENTITY_ENDPOINT;
    const header = process.env.IDENTITY_HEADER;
    const clientId = process.env[APP_SETTINGS.identityClientId];
    if (!endpoint || !header || !clientId) {
      throw new Error(
        `anycloud: no managed identity here: IDENTITY_ENDPOINT, IDENTITY_HEADER and ${APP_SETTINGS.identityClientId} must be set (they are on Azure Functions)`,
      );
    }
    const url = new URL(endpoint);
    url.searchParams.set('resource', resource);
    url.searchParams.set('api-version', '2019-08-01');
    url.searchParams.set('client_id', clientId);
    const response = await fetch(url, { headers: { 'X-IDENTITY-HEADER': header } });
    if (!response.ok)
      throw new Error(
        `anycloud: managed identity token for ${resource} failed: ${response.status} ${await response.text()}`,
      );
    const body = (await response.json()) as { access_token: string; expires_on: string | number };
    return { token: body.access_token, expiresOnTimestamp: Number(body.expires_on) * 1000 };
  }
}
