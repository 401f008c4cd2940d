import { http, messages } from 'anycloud/runtime';
import { handlerFor, neutralHandlerOf, parseJsonSetting } from 'anycloud/runtime/host';

describe('what every target shim shares', () => {
  test('a JSON setting: the fallback when unset or empty, the value when JSON, a redeploy hint when not', () => {
    expect(parseJsonSetting('ANYCLOUD_BINDINGS', undefined, { none: true }, 'function')).toEqual({
      none: true,
    });
    expect(parseJsonSetting('ANYCLOUD_BINDINGS', '', {}, 'function')).toEqual({});
    expect(parseJsonSetting('ANYCLOUD_BINDINGS', '{"Orders":{"kind":"table"}}', {}, 'Worker')).toEqual({
      Orders: { kind: 'table' },
    });
    expect(() => parseJsonSetting('ANYCLOUD_SOURCES', '{oops', {}, 'Worker')).toThrow(
      'anycloud: setting ANYCLOUD_SOURCES is not valid JSON; redeploy the Worker',
    );
  });

  test('the export must be a neutral handler, named in the error', () => {
    const handler = http(async () => ({ status: 204 }));
    expect(neutralHandlerOf(handler, '"shop/Api"')).toBe(handler);
    expect(() => neutralHandlerOf(async () => undefined, '"shop/Api"')).toThrow(
      'anycloud: the handler export of "shop/Api" is not made with http(), schedule(), objectEvent() or messages()',
    );
  });

  test('a handler woken by an event it does not answer fails with the helper to export', () => {
    const consumer = messages(async () => undefined);
    expect(handlerFor(consumer, 'messages', 'a queue message')).toBe(consumer);
    expect(() => handlerFor(consumer, 'http', 'an HTTP request (GET /orders)', '"shop/Api"')).toThrow(
      'anycloud: "shop/Api" received an HTTP request (GET /orders), but its handler is made with messages(); export http(...) to answer an HTTP request (GET /orders)',
    );
    expect(() => handlerFor(consumer, 'object-event', 'an object event of bucket Uploads')).toThrow(
      'anycloud: this function received an object event of bucket Uploads, but its handler is made with messages(); export objectEvent(...) to answer an object event of bucket Uploads',
    );
  });
});
