import { Match, Template } from 'aws-cdk-lib/assertions';
import { local, synth } from 'anycloud/testing';
import app from '../anycloud.app';

describe('the app on the local target', () => {
  test('a note added through the API is stored and listed', async () => {
    const env = await local(app); // own temporary state; closed below
    try {
      const created = await env.fetch('POST /users/ada/notes', { json: { text: 'buy tea' } });
      expect(created.status).toBe(201);
      expect(created.json()).toMatchObject({ userId: 'ada', text: 'buy tea' });

      const listed = await env.fetch('GET /users/ada/notes');
      expect(listed.status).toBe(200);
      expect(listed.json()).toEqual({ items: [created.json()] });
      expect(env.table('Notes').items()).toHaveLength(1);

      const invalid = await env.fetch('POST /users/ada/notes', { json: {} });
      expect(invalid.status).toBe(400);
    } finally {
      await env.close();
    }
  });
});

describe('the app on AWS', () => {
  test('one table, two functions, and only AddNote may write', async () => {
    const doc = await synth(app, 'aws');
    const template = Template.fromJSON(doc.templates[`${app.name}-${app.stage}`] as Record<string, unknown>);
    template.resourceCountIs('AWS::DynamoDB::GlobalTable', 1);
    template.resourceCountIs('AWS::Lambda::Function', 2);
    const writers = template.findResources('AWS::IAM::Policy', {
      Properties: {
        PolicyDocument: {
          Statement: Match.arrayWith([Match.objectLike({ Action: Match.arrayWith(['dynamodb:PutItem']) })]),
        },
      },
    });
    expect(Object.keys(writers)).toHaveLength(1);
    expect(Object.keys(writers)[0]).toMatch(/AddNote/);
  });
});
