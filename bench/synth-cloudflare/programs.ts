import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as cloudflare from '@pulumi/cloudflare';
import { buildCloudflare } from 'anycloud/cloudflare';
import { benchApp, HANDLER_ENTRY } from '../pulumi-synth/bench-app';

export { HANDLER_ENTRY };

export const ACCOUNT_ID = '0123456789abcdef0123456789abcdef';

/** The bench app (N functions, each with a route and a read grant on one table) through anycloud. */
export function anycloudProgram(n: number): void {
  const app = benchApp(n);
  buildCloudflare(app, { accountId: ACCOUNT_ID });
}

/**
 * The same resources declared by hand with @pulumi/cloudflare, the way a careful Pulumi user
 * would: one D1 database, a Worker per function from a prebuilt bundle with its D1 binding,
 * CPU limit and workers.dev off, and a gateway Worker with a service binding per route.
 */
export function handWrittenProgram(n: number, bundleDir: string): void {
  const accountId = ACCOUNT_ID;
  const functionCode = readFileSync(join(bundleDir, 'function.js'), 'utf8');
  const gatewayCode = readFileSync(join(bundleDir, 'gateway.js'), 'utf8');
  const db = new cloudflare.D1Database('items', { accountId, name: 'bench-dev-items' });
  const routes: { method: string; path: string; binding: string }[] = [];
  const services: { type: string; name: string; service: pulumi_Output }[] = [];
  for (let i = 0; i < n; i++) {
    const script = new cloudflare.WorkersScript(`fn${i}`, {
      accountId,
      scriptName: `bench-dev-fn${i}`,
      content: functionCode,
      mainModule: 'worker.js',
      compatibilityDate: '2026-04-26',
      bindings: [
        { type: 'd1', name: 'TABLE_ITEMS', id: db.uuid },
        { type: 'plain_text', name: 'FUNCTION', text: `bench/Fn${i}` },
      ],
      limits: { cpuMs: 10_000 },
    });
    new cloudflare.WorkersScriptSubdomain(`fn${i}-workers-dev`, {
      accountId,
      scriptName: script.scriptName,
      enabled: false,
    });
    routes.push({ method: 'GET', path: `/items${i}/{id}`, binding: `ROUTE_${i}` });
    services.push({ type: 'service', name: `ROUTE_${i}`, service: script.scriptName });
  }
  const gateway = new cloudflare.WorkersScript('gateway', {
    accountId,
    scriptName: 'bench-dev-api',
    content: gatewayCode,
    mainModule: 'worker.js',
    compatibilityDate: '2026-04-26',
    bindings: [{ type: 'plain_text', name: 'ROUTES', text: JSON.stringify({ routes }) }, ...services],
  });
  new cloudflare.WorkersScriptSubdomain('gateway-workers-dev', {
    accountId,
    scriptName: gateway.scriptName,
    enabled: true,
  });
}

type pulumi_Output = cloudflare.WorkersScript['scriptName'];
