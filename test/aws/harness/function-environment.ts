import { AsyncLocalStorage } from 'node:async_hooks';

const current = new AsyncLocalStorage<Readonly<Record<string, string>>>();
let installed = false;

const own = (environment: Readonly<Record<string, string>> | undefined, key: string | symbol): boolean =>
  environment !== undefined && typeof key === 'string' && Object.hasOwn(environment, key);

/**
 * Lambda gives every function its own environment. Code running inside `body` (and everything
 * it awaits) sees `process.env` as the harness's with `environment` laid over it, while other
 * functions' invocations, interleaved on the same event loop, see theirs: an AWS SDK client
 * that reads its endpoint at its first request reads the endpoint of the function it serves.
 */
export function runWithEnvironment<T>(environment: Readonly<Record<string, string>>, body: () => T): T {
  if (!installed) {
    installed = true;
    process.env = new Proxy(process.env, {
      get: (target, key) => {
        const environment = current.getStore();
        return own(environment, key) ? environment![key as string] : Reflect.get(target, key);
      },
      has: (target, key) => own(current.getStore(), key) || Reflect.has(target, key),
      ownKeys: (target) => [
        ...new Set([...Reflect.ownKeys(target), ...Object.keys(current.getStore() ?? {})]),
      ],
      getOwnPropertyDescriptor: (target, key) => {
        const environment = current.getStore();
        return own(environment, key)
          ? { value: environment![key as string], writable: true, enumerable: true, configurable: true }
          : Reflect.getOwnPropertyDescriptor(target, key);
      },
    });
  }
  return current.run(environment, body);
}
