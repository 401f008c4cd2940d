import { Template } from 'aws-cdk-lib/assertions';
import { local, synth } from 'anycloud/testing';
import app from './anycloud.app';

test('synth(app, "aws") gives the template of the packed adapter', async () => {
  const doc = await synth(app, 'aws');
  const template = Template.fromJSON(doc.templates['consumer-dev'] as Record<string, unknown>);
  template.resourceCountIs('AWS::Lambda::Function', 2);
  template.resourceCountIs('AWS::SQS::Queue', 2); // the queue and its dead-letter queue
  template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
    FunctionResponseTypes: ['ReportBatchItemFailures'],
  });
});

test('local(app) runs the handlers built from the packed runtime', async () => {
  const env = await local(app);
  try {
    const res = await env.fetch('GET /hello/ada');
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ message: 'Hello, ada!' });
    await env.fetch('GET /hello/ada');
    await env.drain();
    const visits = env.table('Visits').items();
    expect(visits).toHaveLength(2);
    expect(visits.map((v) => v.name)).toEqual(['ada', 'ada']);
  } finally {
    await env.close();
  }
});
