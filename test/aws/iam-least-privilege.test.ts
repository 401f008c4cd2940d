import { CONFORMANCE_SECRETS, conformanceApp } from '../conformance/app';
import { CONFORMANCE_CASES } from '../conformance/cases';
import { AwsEmulatedApp, type IamCall } from './harness/aws-emulated-app';
import { startEmulators, useEmulatorEnvironment, type Emulators } from './harness/emulators';
import { decide } from './harness/iam-policy';
import { startRecordingProxy, type RecordingProxy, type SdkRequest } from './harness/recording-proxy';

// dynalite, s3rver and fauxqs have no IAM: the conformance run on AWS proves behaviour, not
// permissions. Here every function gets its own AWS endpoint, a proxy that records each request
// its runtime client sends; after the whole conformance run, each request is evaluated against
// the function's synthesized IAM policy, as IAM would (explicit deny, allow, implicit deny).
describe('AWS IAM: each function role against the requests its code sends in the conformance run', () => {
  let emulators: Emulators;
  let env: AwsEmulatedApp;
  /** Where a request goes that misses its function's own endpoint (the process-wide endpoints). */
  let stray: RecordingProxy;
  const strayRequests: SdkRequest[] = [];

  beforeAll(async () => {
    emulators = await startEmulators();
    useEmulatorEnvironment(emulators);
    stray = await startRecordingProxy(
      { dynamodb: emulators.dynamodb, s3: emulators.s3, sqs: emulators.sqs, sns: emulators.sqs },
      (request) => strayRequests.push(request),
    );
    for (const service of ['DYNAMODB', 'S3', 'SQS', 'SNS', 'SECRETS_MANAGER'])
      process.env[`AWS_ENDPOINT_URL_${service}`] = stray.url;
    env = await AwsEmulatedApp.deploy(conformanceApp(), emulators, { secrets: CONFORMANCE_SECRETS });
    for (const c of CONFORMANCE_CASES) {
      try {
        await c.run(env);
      } catch (error) {
        throw new Error(`conformance case "${c.name}" failed: ${String(error)}`);
      }
    }
    // An event both subscribers fail on (no id to log it under): Lambda retries each, then sends
    // it to the subscriber's dead-letter queue with the subscriber's role.
    const published = await env.fetch('POST', '/events', {
      body: '{}',
      headers: { 'content-type': 'application/json' },
    });
    expect(published.status).toBe(202);
    await env.drain();
  }, 120_000);

  afterAll(async () => {
    await env?.close();
    await stray?.close();
    await emulators?.stop();
  });

  const refused = (calls: readonly IamCall[]) =>
    calls
      .map((call) => ({ ...call, decision: decide(env.policyOf(call.function), call.action, call.resource) }))
      .filter((c) => c.decision !== 'allowed');

  test('the functions sent requests of every kind the runtime clients make', () => {
    const actions = new Set(env.calls.filter((c) => c.by === 'code').map((c) => c.action));
    expect([...actions].sort()).toEqual([
      'dynamodb:DeleteItem',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:Query',
      'dynamodb:Scan',
      's3:DeleteObject',
      's3:GetObject',
      's3:ListBucket',
      's3:PutObject',
      'secretsmanager:GetSecretValue',
      'sns:Publish',
      'sqs:SendMessage',
    ]);
  });

  test("every request a function's code sends is allowed by its own role", () => {
    expect(refused(env.calls.filter((c) => c.by === 'code'))).toEqual([]);
  });

  test('every call Lambda makes with a function role (queue polling, dead letters) is allowed by it', () => {
    const platform = env.calls.filter((c) => c.by === 'platform');
    expect(new Set(platform.map((c) => c.action))).toEqual(
      new Set(['sqs:GetQueueAttributes', 'sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:SendMessage']),
    );
    expect(refused(platform)).toEqual([]);
    const deadLettered = platform.filter((c) => c.action === 'sqs:SendMessage').map((c) => c.function);
    expect(deadLettered.sort()).toEqual(['conformance/SubscriberA', 'conformance/SubscriberB']);
  });

  test("no request went around its function's own endpoint (unrecorded, unchecked)", () => {
    expect(strayRequests.map((r) => `${r.service} ${r.method} ${r.url}`)).toEqual([]);
  });

  test("each resource a role reaches is used by that function's own calls", () => {
    // A grant is per resource: a bucket's objects and its listing, a table and its indexes.
    const family = (arn: string) =>
      arn.startsWith('arn:aws:s3:::') ? arn.replace(/\/.*$/, '') : arn.replace(/\/index\/.*$/, '');
    const unused: { function: string; resource: string }[] = [];
    for (const path of env.functionIds().keys()) {
      const deadLetters = env.deadLetterQueueArnOf(path);
      const touched = new Set(env.calls.filter((c) => c.function === path).map((c) => family(c.resource)));
      for (const statement of env.policyOf(path)) {
        const actions = [statement.Action ?? []].flat();
        if (actions.every((a) => a.startsWith('logs:'))) continue; // Lambda writes the logs
        // Lambda sends to the dead-letter queue only after an invocation failed every retry.
        const deadLetterOnly =
          actions.length === 1 && actions[0] === 'sqs:SendMessage' && statement.Resource === deadLetters;
        // Forbidden holds a read grant on Items only to be refused a write by anycloud's binding check.
        if (deadLetterOnly || path === 'conformance/Forbidden') continue;
        for (const resource of [statement.Resource ?? []].flat())
          if (!touched.has(family(resource))) unused.push({ function: path, resource });
      }
    }
    expect(unused).toEqual([]);
  });

  test('no role allows an action that no call of the run needed (logs aside: Lambda writes them)', () => {
    const called = new Set(env.calls.map((c) => c.action.toLowerCase()));
    const unused: { function: string; action: string }[] = [];
    for (const path of env.functionIds().keys())
      for (const statement of env.policyOf(path)) {
        const actions = [statement.Action ?? []].flat();
        for (const action of actions)
          if (!action.startsWith('logs:') && !called.has(action.toLowerCase()))
            unused.push({ function: path, action });
      }
    expect(unused).toEqual([]);
  });

  test('the evaluation refuses what the grants do not give (it is not permissive)', () => {
    const items = env.calls.find(
      (c) => c.function === 'conformance/GetItem' && c.action === 'dynamodb:GetItem',
    );
    expect(items).toBeDefined();
    // GetItem may read Items, not write it, and not read the Log table.
    expect(decide(env.policyOf('conformance/GetItem'), 'dynamodb:PutItem', items!.resource)).toBe(
      'implicitly denied',
    );
    expect(
      decide(
        env.policyOf('conformance/GetItem'),
        'dynamodb:GetItem',
        items!.resource.replace(/table\/.*/, 'table/other'),
      ),
    ).toBe('implicitly denied');
    // PutFile may write objects of Files only.
    const put = env.calls.find((c) => c.function === 'conformance/PutFile' && c.action === 's3:PutObject')!;
    expect(decide(env.policyOf('conformance/PutFile'), 's3:GetObject', put.resource)).toBe(
      'implicitly denied',
    );
    expect(decide(env.policyOf('conformance/PutFile'), 's3:PutObject', 'arn:aws:s3:::another/x')).toBe(
      'implicitly denied',
    );
  });
});
