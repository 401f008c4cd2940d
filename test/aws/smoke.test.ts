import { synth } from 'anycloud/testing';
import { shopApp } from '../../examples/shop/app';

test('smoke', async () => {
  const doc = await synth(shopApp(), 'aws');
  expect(Object.keys(doc.templates)).toEqual(['shop-dev']);
});
