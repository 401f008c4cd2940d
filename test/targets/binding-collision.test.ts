import { App, Function, Queue, Table, ValidationError } from 'anycloud';
import { local, synth, targetNames } from 'anycloud/testing';
import { Construct } from 'constructs';
import { FIXTURE_ENTRY } from '../fixtures/apps';

/** One function granted two resources that share the id "Orders": one at the app, one under Billing. */
function collidingApp(second: 'table' | 'queue'): App {
  const app = new App({ name: 'collide' });
  const fn = new Function(app, 'Fn', { entry: FIXTURE_ENTRY, handler: 'api' });
  new Table(app, 'Orders', { partitionKey: 'id' }).grantRead(fn);
  const billing = new Construct(app, 'Billing');
  if (second === 'table') new Table(billing, 'Orders', { partitionKey: 'id' }).grantReadWrite(fn);
  else new Queue(billing, 'Orders').grantSend(fn);
  return app;
}

async function issueOf(run: () => Promise<unknown>) {
  const error = await run().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ValidationError);
  return (error as ValidationError).issues.find((i) => i.rule === 'function.grant.id');
}

describe('two granted resources with one construct id never collapse into one binding', () => {
  for (const target of targetNames()) {
    for (const second of ['table', 'queue'] as const) {
      test(`${target}: a ${second} under Billing with the id of a granted table is refused, naming both paths`, async () => {
        const issue = await issueOf(() => synth(collidingApp(second), target));
        expect(issue).toMatchObject({
          path: 'collide/Fn',
          value: ['collide/Orders', 'collide/Billing/Orders'],
        });
        expect(issue!.message).toContain('share the id "Orders"');
      });
    }
  }

  test('local(app) refuses to start it too', async () => {
    expect(await issueOf(() => local(collidingApp('table')))).toBeDefined();
  });

  test('one resource granted twice is one binding with the wider access, not a collision', async () => {
    const app = new App({ name: 'twice' });
    const fn = new Function(app, 'Fn', { entry: FIXTURE_ENTRY, handler: 'api' });
    const orders = new Table(app, 'Orders', { partitionKey: 'id' });
    orders.grantRead(fn);
    orders.grantReadWrite(fn);
    expect(fn.grants).toEqual([{ resource: orders, access: 'readwrite' }]);
    expect(() => app.validate()).not.toThrow();
  });
});
