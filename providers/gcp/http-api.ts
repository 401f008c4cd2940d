import * as apigateway from '@pulumi/gcp/apigateway';
import * as pulumi from '@pulumi/pulumi';
import type { Function } from 'anycloud';
import type { GcpBuilder } from './context';
import { gcpName } from './naming';
import { openApiDocument, type OpenApiBackend } from './openapi';

/**
 * HttpApi → API Gateway: an API, an API config from the generated OpenAPI 2.0 document (see
 * `openApiDocument`; configs are immutable, so a changed document makes a new config, named from
 * a prefix, before the gateway moves to it) whose backend calls run as the app's invoker
 * account, and a gateway in the region. The functions stay private: only the invoker account
 * may call them.
 */
export const httpApiBuilder: GcpBuilder<'http-api'> = {
  create(node, ctx) {
    const component = ctx.componentOf(node);
    ctx.degrade(
      node,
      'gcp.http-api.throttle-not-applied',
      `throttle ${node.throttle.rate}/s, burst ${node.throttle.burst} is not applied: API Gateway quotas need API keys`,
    );
    ctx.degrade(
      node,
      'gcp.http-api.invalid-json-html',
      'a request with content-type application/json and a body that is not JSON is answered by the Functions Framework with its own HTML 400, before the handler',
    );
    const project = ctx.settings.project;
    const api = new apigateway.Api(
      `${node.node.path}/api`,
      { project, apiId: gcpName(node, 'apiGateway'), displayName: node.node.path },
      ctx.optionsOf(node),
    );
    const targets = [...new Set(node.routes.map((r) => r.target))];
    const openapi = pulumi.all(targets.map((fn) => ctx.nativeOf(fn).uri)).apply((urls) => {
      const backends = new Map<Function, OpenApiBackend>(
        targets.map((fn, i) => [fn, { url: urls[i], timeoutSeconds: fn.timeoutSeconds }]),
      );
      return `${JSON.stringify(openApiDocument(node, backends), null, 2)}\n`;
    });
    const config = new apigateway.ApiConfig(
      `${node.node.path}/config`,
      ctx.transform(
        'http-api',
        {
          project,
          api: api.apiId,
          apiConfigIdPrefix: `${gcpName(node, 'apiConfigPrefix')}-`,
          openapiDocuments: [
            {
              document: {
                path: 'openapi.json',
                contents: openapi.apply((doc) => Buffer.from(doc).toString('base64')),
              },
            },
          ],
          gatewayConfig: { backendConfig: { googleServiceAccount: ctx.shared.invoker!.email } },
        },
        node,
      ),
      ctx.optionsOf(
        node,
        targets.map((fn) => ctx.nativeOf(fn).invoker!),
      ),
    );
    const gateway = new apigateway.Gateway(
      `${node.node.path}/gateway`,
      { project, region: ctx.settings.region, gatewayId: gcpName(node, 'apiGateway'), apiConfig: config.id },
      ctx.optionsOf(node),
    );
    const url = pulumi.interpolate`https://${gateway.defaultHostname}`;
    ctx.register(node, { component, api, config, gateway, openapi, url });
    component.complete({ url });
  },
};
