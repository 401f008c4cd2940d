import { synth, type Json } from 'anycloud/testing';
import { manyFunctionsApp } from '../fixtures/many-functions';
import { withCdkValidation } from './stack';

type Template = { Resources: Record<string, { Type: string }> };

function resourcesByType(templates: Record<string, Json>, type: string): number {
  return Object.values(templates).reduce<number>(
    (n, t) => n + Object.values((t as unknown as Template).Resources).filter((r) => r.Type === type).length,
    0,
  );
}

describe('apps bigger than one CloudFormation stack', () => {
  test('a 300-function app is split into nested stacks, none over 500 resources, nothing lost', async () => {
    const doc = await withCdkValidation(false, () => synth(manyFunctionsApp(300), 'aws'));
    const names = Object.keys(doc.templates);
    expect(names.length).toBeGreaterThan(2);
    expect(names[0]).toBe('big-dev');
    for (const [name, template] of Object.entries(doc.templates)) {
      const count = Object.keys((template as unknown as Template).Resources).length;
      expect({ name, ok: count <= 500 }).toEqual({ name, ok: true });
    }
    expect(resourcesByType(doc.templates, 'AWS::Lambda::Function')).toBe(300);
    expect(resourcesByType(doc.templates, 'AWS::ApiGatewayV2::Route')).toBe(300);
    expect(resourcesByType(doc.templates, 'AWS::IAM::Role')).toBe(300);
    expect(resourcesByType(doc.templates, 'AWS::DynamoDB::GlobalTable')).toBe(1);
    const parent = doc.templates['big-dev'] as unknown as Template;
    expect(
      Object.values(parent.Resources).filter((r) => r.Type === 'AWS::CloudFormation::Stack').length,
    ).toBe(names.length - 1);
  });

  test('a small app stays in one stack', async () => {
    const doc = await withCdkValidation(false, () => synth(manyFunctionsApp(20), 'aws'));
    expect(Object.keys(doc.templates)).toEqual(['big-dev']);
  });
});
