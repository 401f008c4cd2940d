import fc from 'fast-check';
import { decodeS3EventKey, s3EventKeyForms } from '../../../providers/aws/runtime/s3-event-key';

describe('S3 event keys', () => {
  test('decodes like unquote_plus: + is a space, %XX are UTF-8 bytes, a malformed escape stays as written', () => {
    expect(decodeS3EventKey('red+flower.jpg')).toBe('red flower.jpg');
    expect(decodeS3EventKey('a%2Bb%25c')).toBe('a+b%c');
    expect(decodeS3EventKey('%C3%A9t%C3%A9%20%F0%9F%8C%8D')).toBe('été 🌍');
    expect(decodeS3EventKey('100%+off%zz')).toBe('100% off%zz');
    expect(decodeS3EventKey('dir/sub/file.txt')).toBe('dir/sub/file.txt');
  });

  test('every form a fragment can take decodes back to the fragment (any key, fuzzed)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (fragment) => {
        for (const form of s3EventKeyForms(fragment)) expect(decodeS3EventKey(form)).toBe(fragment);
      }),
    );
  });

  test('lists both forms only where S3 leaves the escaping undocumented', () => {
    expect(s3EventKeyForms('uploads/')).toEqual(['uploads/']);
    expect(s3EventKeyForms('odd dir/é+%')).toEqual(['odd+dir/%C3%A9%2B%25']);
    expect(s3EventKeyForms('(1)')).toEqual(['%281%29', '(1)']);
  });
});
