import { local } from 'anycloud/testing';
import type { LocalApp } from 'anycloud/local';
import { conformanceApp } from './app';
import { CONFORMANCE_CASES } from './cases';
import type { ConformanceRunner } from './runner';

/** The local target as a conformance runner: the same cases as AWS, unchanged. */
function runnerOf(env: LocalApp): ConformanceRunner {
  return {
    fetch: async (method, path, init) => {
      const res = await env.fetch(`${method} ${path.replace(/ /g, '%20')}`, {
        body: init?.body,
        headers: init?.headers,
      });
      return { status: res.status, headers: res.headers, text: res.text, json: () => res.json() };
    },
    drain: () => env.drain(),
    deadLetters: async (queueId) => env.deadLetters(queueId),
    fireSchedule: (scheduleId, time) => env.runSchedule(scheduleId, time),
  };
}

describe('conformance on the local target', () => {
  let env: LocalApp;

  beforeAll(async () => {
    env = await local(conformanceApp());
  }, 60_000);

  afterAll(async () => env?.close());

  for (const c of CONFORMANCE_CASES) {
    test(c.name, async () => {
      await c.run(runnerOf(env));
    });
  }
});
