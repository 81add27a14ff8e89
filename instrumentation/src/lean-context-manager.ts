import type { AsyncLocalStorage } from 'node:async_hooks';
import type { Context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';

type AnyFunction = (...args: unknown[]) => unknown;
type Emitter = Record<string | symbol, unknown>;
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

const ADD_LISTENER_METHODS = ['addListener', 'on', 'once', 'prependListener', 'prependOnceListener'] as const;
const REMOVE_LISTENER_METHODS = ['removeListener', 'off'] as const;
const PATCHED_METHODS = [...ADD_LISTENER_METHODS, ...REMOVE_LISTENER_METHODS] as const;

/** What a bound emitter carries: its context, its own original methods, and one wrapper per listener. */
interface BoundEmitterState {
  context: Context;
  originals: Partial<Record<(typeof PATCHED_METHODS)[number], AnyFunction>>;
  wrappers: WeakMap<AnyFunction, AnyFunction>;
}

/**
 * The SDK's AsyncLocalStorage context manager with cheaper `with()` and `bind()` — the calls the
 * HTTP instrumentation makes for every request, for the request, response and client request
 * emitters, and for every listener added to them. Same semantics as the stock one: the target runs
 * with `context` active, with its own `this` and arguments; a bound function keeps the target's
 * `length`; a bound emitter runs every listener added later in the bound context, and
 * `removeListener`/`off` still find them. Saved: the stock `with()` allocates `fn.bind(thisArg)`,
 * its function bind a rest-args closure, an arrow function per call and an `Object.defineProperty`,
 * and its emitter bind eight closures and a map per emitter plus a WeakMap per event name; here an
 * emitter gets one small state object and shared methods, and a listener one wrapper.
 */
export class LeanContextManager extends AsyncLocalStorageContextManager {
  // The parent's storage is private in its typings; it is a plain field at runtime.
  private readonly storage = (this as unknown as { _asyncLocalStorage: AsyncLocalStorage<Context> })._asyncLocalStorage;

  private readonly state = Symbol('sightline.bound-emitter');
  /** Set while an add-listener method runs: `once` adds through `on`, which must not wrap twice. */
  private adding = false;
  private readonly sharedMethods: Record<(typeof PATCHED_METHODS)[number], AnyFunction>;

  constructor() {
    super();
    const internals = this as unknown as {
      _bindFunction: (context: Context, target: AnyFunction) => AnyFunction;
      _bindEventEmitter: (context: Context, emitter: Emitter) => Emitter;
    };
    // Both are private in the parent's typings, so they are replaced on the instance.
    internals._bindFunction = (context, target) => this.bindFunction(context, target);
    internals._bindEventEmitter = (context, emitter) => this.bindEmitter(context, emitter);
    this.sharedMethods = Object.fromEntries([
      ...ADD_LISTENER_METHODS.map((name) => [name, this.addListenerMethod(name)]),
      ...REMOVE_LISTENER_METHODS.map((name) => [name, this.removeListenerMethod(name)]),
    ]) as LeanContextManager['sharedMethods'];
  }

  private bindFunction(context: Context, target: AnyFunction): AnyFunction {
    const wrap = WRAPPERS[target.length];
    if (wrap) return wrap(this.storage, context, target, Reflect.apply);
    const storage = this.storage;
    const wrapper = function (this: unknown, ...args: unknown[]) {
      return storage.run(context, Reflect.apply, target, this, args);
    };
    Object.defineProperty(wrapper, 'length', { enumerable: false, configurable: true, writable: false, value: target.length });
    return wrapper;
  }

  private bindEmitter(context: Context, emitter: Emitter): Emitter {
    // Like the stock manager: an emitter keeps the first context it was bound to.
    if (emitter[this.state] !== undefined) return emitter;
    const originals: BoundEmitterState['originals'] = {};
    for (const name of PATCHED_METHODS) {
      const original = emitter[name];
      if (typeof original !== 'function') continue;
      originals[name] = original as AnyFunction;
      emitter[name] = this.sharedMethods[name];
    }
    const state: BoundEmitterState = { context, originals, wrappers: new WeakMap() };
    emitter[this.state] = state;
    return emitter;
  }

  private addListenerMethod(name: (typeof ADD_LISTENER_METHODS)[number]): AnyFunction {
    const manager = this;
    return function (this: Emitter, event: unknown, listener: unknown) {
      const state = this[manager.state] as BoundEmitterState | undefined;
      const original = (state?.originals[name] ?? Object.getPrototypeOf(this)[name]) as AnyFunction;
      if (state === undefined || manager.adding || typeof listener !== 'function') return original.call(this, event, listener);
      let wrapper = state.wrappers.get(listener as AnyFunction);
      if (wrapper === undefined) {
        wrapper = manager.bindFunction(state.context, listener as AnyFunction);
        state.wrappers.set(listener as AnyFunction, wrapper);
      }
      manager.adding = true;
      try {
        return original.call(this, event, wrapper);
      } finally {
        manager.adding = false;
      }
    };
  }

  private removeListenerMethod(name: (typeof REMOVE_LISTENER_METHODS)[number]): AnyFunction {
    const manager = this;
    return function (this: Emitter, event: unknown, listener: unknown) {
      const state = this[manager.state] as BoundEmitterState | undefined;
      const original = (state?.originals[name] ?? Object.getPrototypeOf(this)[name]) as AnyFunction;
      const wrapper = state && typeof listener === 'function' ? state.wrappers.get(listener as AnyFunction) : undefined;
      return original.call(this, event, wrapper ?? listener);
    };
  }

  override with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(context: Context, fn: F, thisArg?: ThisParameterType<F>, ...args: A): ReturnType<F> {
    if (thisArg == null) return this.storage.run(context, fn, ...args);
    return this.storage.run(context, Reflect.apply, fn, thisArg, args) as ReturnType<F>;
  }
}
