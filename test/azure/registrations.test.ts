import type { App } from 'anycloud';
import { resourcesOf } from 'anycloud/adapter';
import { toAzureTimer } from '../../providers/azure/ncrontab';
import { BUILT_IN_ROLES } from '../../providers/azure/roles';
import { captureAzure, synthPrincipalId } from '../../providers/azure/synth';
import { type CapturedResource } from '../../providers/shared/pulumi-document';
import { shopApp } from '../../examples/shop/app';
import { conformanceApp } from '../conformance/app';
import { LoadedFunctionApp } from './harness/functions-host';

// What each function app registers with the Functions host (captured from the real
// @azure/functions v4 model, without the host) must be exactly what the program declared:
// its API Management operations, the queues its identity may process, its timers.

const T = {
  webApp: 'azure-native:web:WebApp',
  blob: 'azure-native:storage:Blob',
  operation: 'azure-native:apimanagement:ApiOperation',
  policy: 'azure-native:apimanagement:ApiOperationPolicy',
  backend: 'azure-native:apimanagement:Backend',
  queue: 'azure-native:storage:Queue',
  role: 'azure-native:authorization:RoleAssignment',
  identity: 'azure-native:managedidentity:UserAssignedIdentity',
} as const;

interface Triggers {
  /** `METHOD path` of each route, OPTIONS preflights apart. */
  readonly http: string[];
  readonly preflights: string[];
  readonly queues: string[];
  readonly timers: string[];
}

/** One route form for both sides: API Management `/a/{id}/*`, Functions `a/{id}/{*rest}`. */
const route = (method: string, path: string) =>
  `${method} /${path.replace(/^\//, '').replace(/\{\*[^}]+\}/g, '*')}`;

async function check(app: App) {
  const { resources } = await captureAzure(app);
  const of = (type: string) => resources.filter((r) => r.type === type);
  const byName = new Map(resources.map((r) => [r.name, r]));
  const queueById = new Map(of(T.queue).map((q) => [`${q.name}-id`, String(q.inputs.queueName)]));
  const backendApp = new Map(of(T.backend).map((b) => [String(b.inputs.backendId), String(b.inputs.url)]));
  const report: Record<string, { declared: Triggers; registered: Triggers }> = {};
  const schedules = resourcesOf(app, 'schedule');
  for (const webApp of of(T.webApp)) {
    const fnPath = webApp.name.replace(/\/app$/, '');
    const appName = String(webApp.inputs.name);
    const settings = Object.fromEntries(
      (webApp.inputs.siteConfig as { appSettings: { name: string; value: unknown }[] }).appSettings.map(
        (s) => [s.name, String(s.value)],
      ),
    );
    // Declared: operations whose policy sends them to this app, queues this identity may process.
    const http = of(T.operation)
      .filter((o) => {
        const policy = byName.get(`${o.name}-policy`) as CapturedResource;
        const backend = /backend-id="([^"]+)"/.exec(String(policy.inputs.value))?.[1] ?? '';
        return backendApp.get(backend) === `https://${appName}.azurewebsites.net`;
      })
      .map((o) => route(String(o.inputs.method), String(o.inputs.urlTemplate)));
    const identityId = (webApp.inputs.identity as { userAssignedIdentities: string[] })
      .userAssignedIdentities[0];
    const principalId = synthPrincipalId(identityId.replace(/-id$/, ''));
    const processorOf = of(T.role)
      .filter((r) => r.inputs.principalId === principalId)
      .filter((r) =>
        String(r.inputs.roleDefinitionId).endsWith(BUILT_IN_ROLES.storageQueueDataMessageProcessor),
      )
      .map((r) => queueById.get(String(r.inputs.scope)) ?? `?${String(r.inputs.scope)}`);
    const source = (byName.get(`${fnPath}/package`)!.inputs.source as { path: string }).path;
    const loaded = LoadedFunctionApp.load(appName, source, settings);
    const registered = (type: string) => loaded.registrations.filter((r) => r.trigger.type === type);
    const timers = schedules
      .filter((schedule) => schedule.target.node.path === fnPath)
      .map((schedule) => (toAzureTimer(schedule) as { schedule: string }).schedule);
    const routes = registered('httpTrigger').flatMap((r) =>
      (r.trigger.methods as string[]).map((m) => route(m, String(r.trigger.route))),
    );
    const options = (list: string[], preflight: boolean) =>
      list.filter((r) => r.startsWith('OPTIONS ') === preflight).sort();
    report[fnPath] = {
      declared: {
        http: options(http, false),
        preflights: options(http, true),
        queues: processorOf.sort(),
        timers: [...new Set(timers)].sort(),
      },
      registered: {
        http: options(routes, false),
        preflights: options(routes, true),
        queues: registered('queueTrigger')
          .map((r) => String(r.trigger.queueName))
          .sort(),
        timers: registered('timerTrigger')
          .map((r) => String(r.trigger.schedule))
          .sort(),
      },
    };
    // Every route answers only with the function key API Management sends.
    for (const r of registered('httpTrigger'))
      expect([fnPath, r.trigger.authLevel]).toEqual([fnPath, 'function']);
    // Queue triggers read through the identity-based connection the app settings define.
    for (const r of registered('queueTrigger')) {
      expect(settings[`${String(r.trigger.connection)}__queueServiceUri`]).toMatch(
        /^https:\/\/[a-z0-9]+\.queue\.core\.windows\.net$/,
      );
      expect(settings[`${String(r.trigger.connection)}__credential`]).toBe('managedidentity');
    }
  }
  return report;
}

describe.each([
  ['examples/shop', shopApp],
  ['the conformance app', conformanceApp],
])('%s: each function app registers exactly what the program declared', (_, make) => {
  let report: Awaited<ReturnType<typeof check>>;
  beforeAll(async () => {
    report = await check(make());
  }, 60_000);

  test('routes: the API Management operations sent to the app (an app may answer a preflight API Management sends to another)', () => {
    for (const [fnPath, { declared, registered }] of Object.entries(report)) {
      expect([fnPath, registered.http]).toEqual([fnPath, declared.http]);
      for (const p of declared.preflights)
        expect([fnPath, registered.preflights.includes(p)]).toEqual([fnPath, true]);
      const paths = new Set(registered.http.map((r) => r.split(' ')[1]));
      for (const p of registered.preflights)
        expect([fnPath, paths.has(p.split(' ')[1])]).toEqual([fnPath, true]);
    }
  });

  test('queue triggers: exactly the queues the app identity may process', () => {
    for (const [fnPath, { declared, registered }] of Object.entries(report))
      expect([fnPath, registered.queues]).toEqual([fnPath, declared.queues]);
  });

  test('timers: one per NCRONTAB of the schedules that target the function', () => {
    for (const [fnPath, { declared, registered }] of Object.entries(report))
      expect([fnPath, registered.timers]).toEqual([fnPath, declared.timers]);
  });

  test('every function app registers something (an app with no function would idle)', () => {
    expect(Object.keys(report).length).toBeGreaterThan(3);
    for (const [fnPath, { registered }] of Object.entries(report))
      expect([
        fnPath,
        registered.http.length + registered.queues.length + registered.timers.length > 0,
      ]).toEqual([fnPath, true]);
  });
});
