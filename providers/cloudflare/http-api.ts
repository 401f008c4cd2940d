import * as cloudflare from '@pulumi/cloudflare';
import { childOf } from '../shared/pulumi-component';
import { MAIN_MODULE } from './bundling';
import type { CloudflareBuilder } from './context';
import { bindingName, cloudflareName } from './naming';
import { ENV, type GatewayConfig } from './runtime/worker-env';

/**
 * HttpApi → a gateway Worker that routes `METHOD /path/{param}` (API Gateway's matching rules)
 * to each route's Worker through a service binding, and answers CORS. On an API with auth the
 * gateway verifies the bearer token of a protected route (issuer's JWKS fetched and cached per
 * isolate) before calling the route's Worker, which only the gateway can reach. Served on
 * workers.dev, or on a custom domain when one is configured for the API.
 */
export const httpApiBuilder: CloudflareBuilder<'http-api'> = {
  create(node, ctx) {
    const component = ctx.componentOf(node);
    ctx.degrade(
      node,
      'cloudflare.http-api.throttle-not-applied',
      `throttle ${node.throttle.rate}/s, burst ${node.throttle.burst} is not applied: Workers have no per-API rate limit (add a Cloudflare rate limiting rule on the zone)`,
    );
    const scriptName = cloudflareName(node, 'worker');
    const targets = [...new Set(node.routes.map((r) => r.target))];
    const bindingOf = new Map(targets.map((fn) => [fn, bindingName('route', fn.node.id)]));
    const config: GatewayConfig = {
      api: node.node.path,
      routes: node.routes.map((r) => ({
        method: r.key.method,
        path: r.key.path,
        binding: bindingOf.get(r.target)!,
        ...(r.auth.kind === 'jwt' ? { scopes: r.auth.scopes } : {}),
      })),
      ...(node.cors ? { cors: node.cors } : {}),
      ...(node.auth ? { auth: node.auth } : {}),
    };
    const args = ctx.transform(
      'http-api',
      {
        accountId: ctx.settings.accountId,
        scriptName,
        content: ctx.scriptContent(ctx.gatewayBundle),
        mainModule: MAIN_MODULE,
        compatibilityDate: ctx.settings.compatibilityDate,
        compatibilityFlags: [],
        bindings: [
          { type: 'plain_text', name: ENV.routes, text: JSON.stringify(config) },
          ...targets.map((fn) => ({
            type: 'service',
            name: bindingOf.get(fn)!,
            service: ctx.nativeOf(fn).script.scriptName,
          })),
        ],
        observability: { enabled: true },
      },
      node,
    );
    const gateway = new cloudflare.WorkersScript(`${node.node.path}/gateway`, args, childOf(component));
    const domain = ctx.settings.customDomains[node.node.id];
    const subdomain = new cloudflare.WorkersScriptSubdomain(
      `${node.node.path}/workers-dev`,
      {
        accountId: ctx.settings.accountId,
        scriptName: gateway.scriptName,
        enabled: !domain,
        previewsEnabled: false,
      },
      childOf(component),
    );
    const customDomain = domain
      ? new cloudflare.WorkersCustomDomain(
          `${node.node.path}/domain`,
          {
            accountId: ctx.settings.accountId,
            hostname: domain.hostname,
            zoneId: domain.zoneId,
            service: gateway.scriptName,
          },
          childOf(component),
        )
      : undefined;
    const url = domain
      ? `https://${domain.hostname}`
      : ctx.settings.workersSubdomain
        ? `https://${scriptName}.${ctx.settings.workersSubdomain}.workers.dev`
        : undefined;
    ctx.register(node, { component, gateway, subdomain, customDomain, url });
    component.complete({ scriptName: gateway.scriptName, ...(url ? { url } : {}) });
  },
};
