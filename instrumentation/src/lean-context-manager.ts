import type { AsyncLocalStorage } from 'node:async_hooks';
import type { Context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';

type AnyFunction = (...args: unknown[]) => unknown;
type Wrap = (storage: AsyncLocalStorage<Context>, context: Context, target: AnyFunction, apply: typeof Reflect.apply) => AnyFunction;

/**
 * Wrapper factories, one per declared parameter count, so a wrapper gets the right `length` by
 * construction instead of an `Object.defineProperty` on every bind (some libraries read a callback's
 * arity, e.g. Express error handlers).
 */
const WRAPPERS: Wrap[] = Array.from(
  { length: 6 },
  (_, arity) =>
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- fixed source, built once at load
    new Function(
      'storage',
      'context',
      'target',
      'apply',
      `return function (${Array.from({ length: arity }, (__, i) => `a${i}`).join(', ')}) { return storage.run(context, apply, target, this, arguments); };`,
    ) as Wrap,
);

/**
 * The SDK's AsyncLocalStorage context manager with a cheaper `with()` and function `bind()` — the
 * two calls the HTTP instrumentation makes for every request and for every listener added to a
 * request or response. Same semantics: the target runs with `context` active, with its own `this`
 * and arguments, and a bound function keeps the target's `length`. Saved per call: the stock
 * `with()` allocates `fn.bind(thisArg)`, the stock bind a rest-args closure, an arrow function per
 * call and an `Object.defineProperty`. Event-emitter binding is the stock one.
 */
export class LeanContextManager extends AsyncLocalStorageContextManager {
  // The parent's storage is private in its typings; it is a plain field at runtime.
  private readonly storage = (this as unknown as { _asyncLocalStorage: AsyncLocalStorage<Context> })._asyncLocalStorage;

  constructor() {
    super();
    // `_bindFunction` is private in the parent's typings, so it is replaced on the instance.
    (this as unknown as { _bindFunction: (context: Context, target: AnyFunction) => AnyFunction })._bindFunction = (context, target) => {
      const wrap = WRAPPERS[target.length];
      if (wrap) return wrap(this.storage, context, target, Reflect.apply);
      const storage = this.storage;
      const wrapper = function (this: unknown, ...args: unknown[]) {
        return storage.run(context, Reflect.apply, target, this, args);
      };
      Object.defineProperty(wrapper, 'length', { enumerable: false, configurable: true, writable: false, value: target.length });
      return wrapper;
    };
  }

  override with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(context: Context, fn: F, thisArg?: ThisParameterType<F>, ...args: A): ReturnType<F> {
    if (thisArg == null) return this.storage.run(context, fn, ...args);
    return this.storage.run(context, Reflect.apply, fn, thisArg, args) as ReturnType<F>;
  }
}
