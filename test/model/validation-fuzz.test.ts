import fc from 'fast-check';
import {
  App,
  Bucket,
  Function,
  HttpApi,
  Queue,
  Schedule,
  Secret,
  Table,
  Topic,
  ValidationError,
} from 'anycloud';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App as CdkApp, Stack } from 'aws-cdk-lib';
import { buildAws } from 'anycloud/aws';
import { capturePulumiProgram, synth, SYNTH_ACCOUNT_ID } from 'anycloud/testing';
import { deployCloudflare } from '../../providers/cloudflare/deploy';
import { fixtureFunction, FIXTURE_ENTRY } from '../fixtures/apps';

type Build = (app: App, fn: Function, value: unknown) => void;

/** Each entry builds one construct, putting the fuzzed value into one prop. */
const builds: Record<string, Build> = {
  'function.entry': (app, _fn, v) => fixtureFunction(app, 'Fuzzed', { entry: v as never }),
  'function.memory': (app, _fn, v) => fixtureFunction(app, 'Fuzzed', { memory: v as never }),
  'function.timeout': (app, _fn, v) => fixtureFunction(app, 'Fuzzed', { timeout: v as never }),
  'function.handler': (app, _fn, v) => fixtureFunction(app, 'Fuzzed', { handler: v as never }),
  'function.environment': (app, _fn, v) => fixtureFunction(app, 'Fuzzed', { environment: v as never }),
  'function.props': (app, _fn, v) => new Function(app, 'Fuzzed', v as never),
  'table.partitionKey': (app, _fn, v) => new Table(app, 'Fuzzed', { partitionKey: v as never }),
  'table.sortKey': (app, _fn, v) => new Table(app, 'Fuzzed', { partitionKey: 'pk', sortKey: v as never }),
  'table.props': (app, _fn, v) => new Table(app, 'Fuzzed', v as never),
  'queue.retention': (app, _fn, v) => new Queue(app, 'Fuzzed', { retention: v as never }),
  'queue.subscribe': (app, fn, v) => new Queue(app, 'Fuzzed').subscribe(fn, v as never),
  'queue.batchSize': (app, fn, v) => new Queue(app, 'Fuzzed').subscribe(fn, { batchSize: v as never }),
  'topic.subscribe': (app, _fn, v) => new Topic(app, 'Fuzzed').subscribe(v as never),
  'bucket.onObjectCreated': (app, fn, v) => new Bucket(app, 'Fuzzed').onObjectCreated(fn, v as never),
  'bucket.props': (app, _fn, v) => new Bucket(app, 'Fuzzed', v as never),
  'secret.props': (app, _fn, v) => new Secret(app, 'Fuzzed', v as never),
  'schedule.cron': (app, fn, v) => new Schedule(app, 'Fuzzed', { cron: v as never, target: fn }),
  'schedule.rate': (app, fn, v) => new Schedule(app, 'Fuzzed', { rate: v as never, target: fn }),
  'schedule.timeZone': (app, fn, v) =>
    new Schedule(app, 'Fuzzed', { cron: '0 1 * * *', timeZone: v as never, target: fn }),
  'schedule.props': (app, _fn, v) => new Schedule(app, 'Fuzzed', v as never),
  'http-api.route': (app, fn, v) => new HttpApi(app, 'Fuzzed').route(v as never, fn),
  'http-api.cors': (app, _fn, v) => new HttpApi(app, 'Fuzzed', { cors: v as never }),
  'http-api.auth': (app, _fn, v) => new HttpApi(app, 'Fuzzed', { auth: v as never }),
  'http-api.auth.jwt': (app, _fn, v) => new HttpApi(app, 'Fuzzed', { auth: { jwt: v as never } }),
  'http-api.throttle': (app, _fn, v) => new HttpApi(app, 'Fuzzed', { throttle: v as never }),
  'http-api.route.auth': (app, fn, v) => {
    const api = new HttpApi(app, 'Fuzzed', {
      auth: { jwt: { issuer: 'https://id.example/', audience: 'a' } },
    });
    api.route('GET /x', fn, { auth: v as never });
  },
  grant: (app, _fn, v) => new Table(app, 'Fuzzed', { partitionKey: 'pk' }).grantRead(v as never),
  'construct.id': (app, _fn, v) => new Table(app, v as never, { partitionKey: 'pk' }),
  'construct.id.object': (app, _fn, v) => {
    const names = Object.getOwnPropertyNames(Object.prototype);
    // Any fuzzed value picks a name (a value whose String() throws picks the first).
    let index = 0;
    try {
      index = String(v).length;
    } catch {
      index = 0;
    }
    new Bucket(app, names[index % names.length]);
  },
  'construct.id.duplicate': (app, _fn, v) => {
    new Queue(app, 'Fuzzed');
    new Topic(app, 'Fuzzed', v as never);
  },
};

/** Builds that put the fuzzed value into the App itself. */
const appBuilds: Record<string, (v: unknown) => App> = {
  'app.name': (v) => new App({ name: v as never }),
  'app.stage': (v) => new App({ name: 'fuzz', stage: v as never }),
  'app.props': (v) => new App(v as never),
};

/** Values no prop accepts: wrong types, empty strings, malformed sizes, durations, crons and routes. */
const invalid = fc.oneof(
  fc.constant(null),
  fc.integer({ min: 1000 }),
  fc.integer({ max: -1 }),
  fc.double().filter((d) => !Number.isInteger(d)),
  fc.boolean(),
  fc.array(fc.anything(), { maxLength: 3 }),
  fc.constant(''),
  fc.string({ maxLength: 12 }).map((s) => `${s} furlongs`),
  fc.string({ maxLength: 5 }).map((s) => `? ${s} ? ? ? ?`),
  fc.string({ maxLength: 6 }).map((s) => `GETS /${s} x`),
);

function buildWith(key: string, value: unknown): App {
  const app = appBuilds[key] ? appBuilds[key](value) : new App({ name: 'fuzz' });
  const fn = fixtureFunction(app, 'Target');
  builds[key]?.(app, fn, value);
  return app;
}

describe('fuzzed props', () => {
  test('anything in any prop gives a ValidationError or nothing, never another error', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...Object.keys(builds), ...Object.keys(appBuilds)),
        fc.anything(),
        (key, value) => {
          try {
            buildWith(key, value).validate();
          } catch (error) {
            if (!(error instanceof ValidationError)) throw error;
            for (const issue of error.issues) {
              if (!key.startsWith('app.')) expect(issue.path.startsWith('fuzz/')).toBe(true);
              expect(typeof issue.rule).toBe('string');
              expect(issue.message).toMatch(/\(got .*\)/s);
            }
          }
        },
      ),
      { numRuns: 1500 },
    );
  });

  test('an invalid value in any prop always gives a ValidationError naming the fuzzed construct', () => {
    fc.assert(
      fc.property(fc.constantFrom(...Object.keys(builds)), invalid, (key, value) => {
        let caught: unknown;
        try {
          buildWith(key, value).validate();
        } catch (error) {
          caught = error;
        }
        expect(caught).toBeInstanceOf(ValidationError);
        const paths = (caught as ValidationError).issues.map((i) => i.path);
        expect(
          paths.some(
            (p) =>
              p === 'fuzz/Fuzzed' ||
              p === 'fuzz/Target' ||
              (key.startsWith('construct.id') && p.startsWith('fuzz/')),
          ),
        ).toBe(true);
      }),
      { numRuns: 1500 },
    );
  });

  test('synth of an invalid app rejects with the ValidationError before declaring anything', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...Object.keys(builds)), invalid, async (key, value) => {
        await expect(synth(buildWith(key, value), 'aws')).rejects.toBeInstanceOf(ValidationError);
        // Nothing declared: the CDK stack has no child, no bundle was written.
        const buildDir = mkdtempSync(join(tmpdir(), 'anycloud-fuzz-'));
        try {
          const stack = new Stack(new CdkApp(), 'Fuzz');
          expect(() => buildAws(buildWith(key, value), stack, { buildDir })).toThrow(ValidationError);
          expect(stack.node.children).toEqual([]);
          expect(readdirSync(buildDir)).toEqual([]);
          // A Pulumi target registers no resource (not even a component) before it throws.
          let thrown: unknown;
          const captured = await capturePulumiProgram(() => {
            try {
              deployCloudflare(buildWith(key, value), { accountId: SYNTH_ACCOUNT_ID, buildDir });
            } catch (error) {
              thrown = error;
            }
          });
          expect(thrown).toBeInstanceOf(ValidationError);
          expect(captured.resources).toEqual([]);
          expect(readdirSync(buildDir)).toEqual([]);
        } finally {
          rmSync(buildDir, { recursive: true, force: true });
        }
      }),
      { numRuns: 100 },
    );
  }, 120_000);

  // Every target, anything in any prop or name: the synth succeeds or rejects with a
  // ValidationError; never CDK's, Pulumi's or the runtime's own errors (StackNameInvalidFormat,
  // RangeError: Invalid time zone, constructs' "already a Construct with name").
  for (const target of ['aws', 'cloudflare', 'local'] as const) {
    test(`synth for ${target} with anything anywhere gives a result or a ValidationError`, async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...Object.keys(builds), ...Object.keys(appBuilds)),
          fc.oneof(fc.anything(), invalid),
          async (key, value) => {
            try {
              await synth(buildWith(key, value), target);
            } catch (error) {
              if (!(error instanceof ValidationError)) throw error;
            }
          },
        ),
        { numRuns: 120 },
      );
    }, 120_000);
  }

  test('the fixture entry exists (so failures above come from the fuzzed prop)', () => {
    const app = new App({ name: 'fuzz' });
    fixtureFunction(app, 'Target', { entry: FIXTURE_ENTRY });
    expect(() => app.validate()).not.toThrow();
  });
});
