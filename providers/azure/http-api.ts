import { defaultJwksUrl } from 'anycloud/adapter';
import * as apimanagement from '@pulumi/azure-native/apimanagement';
import * as web from '@pulumi/azure-native/web';
import * as pulumi from '@pulumi/pulumi';
import type { Function, HttpApi, ResolvedJwtAuth } from 'anycloud';
import { childOf } from '../shared/pulumi-component';
import type { AzureBuildContext, AzureBuilder } from './context';
import { azureName } from './naming';

/** The header API Management sends each function app its host key in. */
export const FUNCTION_KEY_HEADER = 'x-functions-key';

/** A neutral path as an API Management URL template: `{p}` stays, a greedy `{p+}` becomes the `*` wildcard. */
export function apimUrlTemplate(path: string): string {
  return path.replace(/\{[^}]+\+\}$/, '*');
}

/** The template parameters of a URL template (every `{p}` must be declared, or the deployment fails). */
function templateParameters(path: string) {
  return [...path.matchAll(/\{([^}+]+)\}/g)].map((m) => ({ name: m[1], type: 'string', required: true }));
}

/** Text escaped for an XML attribute or element. */
const xml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * The `validate-jwt` policy of a protected operation: a bearer token from the issuer (keys from
 * its OpenID discovery document) for one of the audiences, or 401 before the backend is called.
 */
export function validateJwtPolicy(jwt: ResolvedJwtAuth): string {
  const audiences = jwt.audience.map((a) => `<audience>${xml(a)}</audience>`).join('');
  const discovery = `${jwt.issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
  return `<validate-jwt header-name="Authorization" require-scheme="Bearer" failed-validation-httpcode="401" failed-validation-error-message="Unauthorized"><openid-config url="${xml(discovery)}" /><audiences>${audiences}</audiences><issuers><issuer>${xml(jwt.issuer)}</issuer></issuers></validate-jwt>`;
}

/** The policy of one operation: validate its token when it is protected, then send it to the backend of its function app. */
export function operationPolicy(backendId: string, jwt?: ResolvedJwtAuth): string {
  return `<policies><inbound><base />${jwt ? validateJwtPolicy(jwt) : ''}<set-backend-service backend-id="${backendId}" /></inbound><backend><base /></backend><outbound><base /></outbound><on-error><base /></on-error></policies>`;
}

/** Backend id of a function in an API's service. */
const backendIdOf = (fn: Function) => fn.node.id.toLowerCase().replace(/[^a-z0-9-]/g, '-');

/**
 * One backend per function app: its URL, and its host key (read from the app once the package
 * is deployed, stored as a secret named value) in the `x-functions-key` header.
 */
function declareBackend(
  node: HttpApi,
  fn: Function,
  serviceName: pulumi.Input<string>,
  ctx: AzureBuildContext,
) {
  const { app, deployment } = ctx.nativeOf(fn);
  const parent = childOf(ctx.componentOf(node));
  const base = { serviceName, resourceGroupName: ctx.shared.resourceGroupName };
  const hostKey = web
    .listWebAppHostKeysOutput(
      { name: azureName(fn, 'functionApp'), resourceGroupName: ctx.shared.resourceGroupName },
      { dependsOn: [deployment] },
    )
    .apply((keys) => keys.functionKeys?.default ?? '');
  const keyName = `${backendIdOf(fn)}-key`;
  const namedValue = new apimanagement.NamedValue(
    `${node.node.path}/${fn.node.id}-key`,
    { ...base, namedValueId: keyName, displayName: keyName, secret: true, value: pulumi.secret(hostKey) },
    parent,
  );
  return new apimanagement.Backend(
    `${node.node.path}/${fn.node.id}-backend`,
    {
      ...base,
      backendId: backendIdOf(fn),
      protocol: 'http',
      url: pulumi.interpolate`https://${app.defaultHostName}`,
      credentials: { header: { [FUNCTION_KEY_HEADER]: [`{{${keyName}}}`] } },
      tls: { validateCertificateChain: true, validateCertificateName: true },
    },
    { ...parent, dependsOn: [namedValue] },
  );
}

/** One operation (method + URL template) sent to `fn`'s backend. */
function declareOperation(
  node: HttpApi,
  index: number,
  method: string,
  path: string,
  backend: apimanagement.Backend,
  fn: Function,
  api: apimanagement.Api,
  serviceName: pulumi.Input<string>,
  ctx: AzureBuildContext,
  jwt?: ResolvedJwtAuth,
) {
  const base = { serviceName, resourceGroupName: ctx.shared.resourceGroupName, apiId: api.name };
  const parent = childOf(ctx.componentOf(node));
  const operationId = `op-${index}`;
  const operation = new apimanagement.ApiOperation(
    `${node.node.path}/${operationId}`,
    {
      ...base,
      operationId,
      displayName: `${method} ${path}`,
      method,
      urlTemplate: apimUrlTemplate(path),
      templateParameters: templateParameters(path),
    },
    parent,
  );
  new apimanagement.ApiOperationPolicy(
    `${node.node.path}/${operationId}-policy`,
    {
      ...base,
      operationId: operation.name,
      policyId: 'policy',
      format: 'rawxml',
      value: operationPolicy(backendIdOf(fn), jwt),
    },
    { ...parent, dependsOn: [backend] },
  );
  return operation;
}

/**
 * HttpApi → an API Management service (Consumption tier: billed per call, nothing when idle)
 * with one API at the root path (HTTPS only, no subscription key), one operation per route
 * sent to its function app's backend with that app's host key (function apps answer nobody
 * else), and, when the API has CORS, an OPTIONS operation per path answered by the function's
 * shim with the same CORS code as every target.
 */
export const httpApiBuilder: AzureBuilder<'http-api'> = {
  create(node, ctx) {
    const component = ctx.componentOf(node);
    ctx.degrade(
      node,
      'azure.http-api.throttle-not-applied',
      `throttle ${node.throttle.rate}/s, burst ${node.throttle.burst} is not applied: API Management Consumption has no rate-limit policy per API without subscription keys`,
    );
    if (node.auth && node.auth.jwksUrl !== defaultJwksUrl(node.auth.issuer))
      ctx.degrade(
        node,
        'azure.http-api.jwks-url-ignored',
        `validate-jwt finds the signing keys by the issuer's OpenID discovery, not at jwksUrl ${node.auth.jwksUrl}`,
      );
    const serviceName = azureName(node, 'apim');
    const service = new apimanagement.ApiManagementService(
      `${node.node.path}/service`,
      ctx.transform(
        'http-api',
        {
          serviceName,
          resourceGroupName: ctx.shared.resourceGroupName,
          location: ctx.settings.location,
          sku: { name: 'Consumption', capacity: 0 },
          publisherEmail: ctx.settings.publisherEmail,
          publisherName: ctx.settings.publisherName,
        },
        node,
      ),
      childOf(component),
    );
    const api = new apimanagement.Api(
      `${node.node.path}/api`,
      {
        apiId: 'anycloud',
        serviceName: service.name,
        resourceGroupName: ctx.shared.resourceGroupName,
        displayName: node.node.path,
        path: '',
        protocols: ['https'],
        subscriptionRequired: false,
      },
      childOf(component),
    );
    const targets = [...new Set(node.routes.map((r) => r.target))];
    const backends = new Map(targets.map((fn) => [fn, declareBackend(node, fn, service.name, ctx)]));
    const operations = node.routes.map((r, i) =>
      declareOperation(
        node,
        i,
        r.key.method,
        r.key.path,
        backends.get(r.target)!,
        r.target,
        api,
        service.name,
        ctx,
        r.auth.kind === 'jwt' ? node.auth : undefined,
      ),
    );
    if (node.cors) {
      const paths = [...new Map(node.routes.map((r) => [r.key.path, r.target])).entries()];
      paths.forEach(([path, fn], i) =>
        operations.push(
          declareOperation(
            node,
            node.routes.length + i,
            'OPTIONS',
            path,
            backends.get(fn)!,
            fn,
            api,
            service.name,
            ctx,
          ),
        ),
      );
    }
    const url = `https://${serviceName}.azure-api.net`;
    ctx.register(node, { component, service, api, operations, backends, url });
    component.complete({ url });
  },
};
