import { local } from 'anycloud/testing';
import type { LocalApp } from 'anycloud/local';
import { CONFORMANCE_SECRETS } from './app';
import { describeConformance } from './describe-conformance';
import type { ConformanceRunner } from './runner';

/** The local target as a conformance runner: the same cases as AWS, unchanged. */
function runnerOf(env: LocalApp): ConformanceRunner {
  return {
    fetch: async (method, path, init) => {
      const res = await env.fetch(`${method} ${path.replace(/ /g, '%20')}`, {
        body: init?.body,
        headers: init?.headers,
      });
      return res;
    },
    drain: () => env.drain(),
    deadLetters: async (queueId) => env.deadLetters(queueId),
    fireSchedule: (scheduleId, time) => env.runSchedule(scheduleId, time),
  };
}

describeConformance('local', {
  auth: true,
  start: async (app) => {
    // The test issuer's JWKS is fetched over HTTP, as a cloud verifier fetches an issuer's.
    const env = await local(app, { identity: 'issuer', secrets: CONFORMANCE_SECRETS });
    return { runner: runnerOf(env), close: () => env.close() };
  },
});
