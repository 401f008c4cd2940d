import { CONFORMANCE_SECRETS, conformanceApp } from '../conformance/app';
import { json } from '../conformance/cases';
import { MiniflareApp } from './harness/miniflare-app';

// drain() settles on the harness's count of unsettled messages, not on a quiet spell: a retry or
// a delayed message that arrives seconds later (a slow machine) is still waited for.
describe('MiniflareApp.drain()', () => {
  let env: MiniflareApp;

  beforeAll(async () => {
    env = await MiniflareApp.deploy(
      conformanceApp(),
      { secrets: CONFORMANCE_SECRETS },
      { retryDelaySeconds: 1 },
    );
  }, 120_000);

  afterAll(async () => {
    await env?.dispose();
  });

  test('waits for retries redelivered a second later, up to the dead-letter queue', async () => {
    const jobs = [
      { id: 'late-flaky', failTimes: 2 },
      { id: 'late-poison', failTimes: 99 },
    ];
    const started = Date.now();
    expect((await env.fetch('POST', '/jobs', json({ messages: jobs }))).status).toBe(202);
    await env.drain();
    const done = (await env.fetch('GET', '/log/worker')).json() as {
      id: string;
      detail: { attempt: number };
    }[];
    expect(done.map((d) => [d.id, d.detail.attempt])).toEqual([['late-flaky', 3]]);
    expect(await env.deadLetters('Jobs')).toEqual([{ id: 'late-poison', failTimes: 99 }]);
    // Three failed attempts of the poison message, one retry delay after each of the first two.
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_000);
  }, 60_000);

  test('waits for a message sent with a delay', async () => {
    const jobs = [{ id: 'delayed', failTimes: 0 }];
    expect((await env.fetch('POST', '/jobs', json({ messages: jobs, delaySeconds: 2 }))).status).toBe(202);
    await env.drain();
    const done = (await env.fetch('GET', '/log/worker')).json() as { id: string }[];
    expect(done.map((d) => d.id)).toContain('delayed');
  }, 60_000);

  // Last: it leaves the harness's count wrong on purpose.
  test('a send the harness did not count makes drain() fail, instead of settling early', async () => {
    const script = String(env.inputsOf('conformance/Enqueue/script').scriptName);
    const raw = await env.mf.getQueueProducer('QUEUE_JOBS', script);
    const before = env.brokerLog.lines.length;
    await raw.send({ id: 'uncounted', failTimes: 0 }, { contentType: 'json' });
    // An uncounted message is invisible until the broker settles it: wait for its batch line.
    const deadline = Date.now() + 10_000;
    while (!env.brokerLog.lines.slice(before).some((line) => /\bQUEUE \S+ 1\/1/.test(line))) {
      if (Date.now() > deadline) throw new Error('the uncounted message was never delivered');
      await new Promise((r) => setTimeout(r, 20));
    }
    await expect(env.drain()).rejects.toThrow(/settled 1 message\(s\) more than the harness saw sent/);
  }, 60_000);

  test('the queue broker of Miniflare reported every batch to the harness (3 attempts, 1 dead letter, 1 delayed)', () => {
    const outcomes = env.brokerLog.lines.filter((line) => /\bQUEUE \S+ \d+\/\d+/.test(line));
    expect(outcomes.length).toBeGreaterThanOrEqual(5); // 3 attempts + 1 dead letter + 1 delayed
  });
});
