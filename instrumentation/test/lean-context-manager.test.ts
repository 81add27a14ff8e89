import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { describe, it } from 'node:test';
import { ROOT_CONTEXT, createContextKey } from '@opentelemetry/api';
import type { Context } from '@opentelemetry/api';
import { LeanContextManager } from '../src/lean-context-manager.js';

const KEY = createContextKey('test');
const manager = new LeanContextManager().enable();
const contextWith = (value: string): Context => ROOT_CONTEXT.setValue(KEY, value);
const activeValue = () => manager.active().getValue(KEY);

describe('LeanContextManager', () => {
  it('with(): runs the function with the context active, its this and arguments, and restores the previous context', () => {
    const self = { name: 'self' };
    const result = manager.with(contextWith('outer'), () =>
      manager.with(
        contextWith('inner'),
        function (this: typeof self, a: number, b: number) {
          return { value: activeValue(), self: this, sum: a + b };
        },
        self,
        2,
        3,
      ),
    );
    assert.deepEqual(result, { value: 'inner', self, sum: 5 });
    assert.equal(activeValue(), undefined);
    assert.equal(manager.with(contextWith('x'), (a: number) => a * 2, undefined, 21), 42);
  });

  it('bind(function): keeps the target arity, this, arguments and return value, and runs it in the bound context', () => {
    const targets = [
      () => activeValue(),
      (a: unknown) => [activeValue(), a],
      (a: unknown, b: unknown, c: unknown, d: unknown) => [activeValue(), a, b, c, d],
      (a: unknown, b: unknown, c: unknown, d: unknown, e: unknown, f: unknown, g: unknown) => [activeValue(), a, b, c, d, e, f, g],
    ];
    for (const target of targets) {
      const bound = manager.bind(contextWith('bound'), target) as (...args: unknown[]) => unknown[] | unknown;
      assert.equal(bound.length, target.length);
      const args = Array.from({ length: target.length + 1 }, (_, i) => i);
      const expected = target.length === 0 ? 'bound' : ['bound', ...args.slice(0, target.length)];
      assert.deepEqual(manager.with(contextWith('caller'), () => bound(...args)), expected);
    }
    const self = { n: 1 };
    const method = manager.bind(contextWith('m'), function (this: typeof self) {
      return this;
    });
    assert.equal(method.call(self), self);
  });

  it('bind(emitter): listeners run in the bound context and can still be removed', () => {
    const emitter = manager.bind(contextWith('emitter'), new EventEmitter());
    const seen: unknown[] = [];
    const listener = (payload: string) => seen.push([activeValue(), payload]);
    manager.with(contextWith('adder'), () => emitter.on('event', listener));
    emitter.once('event', () => seen.push(['once', activeValue()]));
    manager.with(contextWith('emitter-side'), () => emitter.emit('event', 'first'));
    emitter.removeListener('event', listener);
    emitter.emit('event', 'second');
    assert.deepEqual(seen, [['emitter', 'first'], ['once', 'emitter']]);
    assert.equal(emitter.listenerCount('event'), 0);
  });

  it('bind(emitter): once listeners can be removed before they fire, one listener may serve two events, the first binding wins', () => {
    const emitter = manager.bind(contextWith('first'), new EventEmitter());
    assert.equal(manager.bind(contextWith('second'), emitter), emitter);
    const seen: unknown[] = [];
    const onceListener = () => seen.push('once fired');
    emitter.once('a', onceListener);
    emitter.off('a', onceListener);
    emitter.emit('a');
    const shared = (event: string) => seen.push([event, activeValue()]);
    emitter.on('x', () => shared('x'));
    emitter.on('y', shared);
    emitter.on('z', shared);
    emitter.emit('x');
    emitter.emit('y', 'y');
    emitter.removeListener('y', shared);
    emitter.emit('y', 'y');
    emitter.emit('z', 'z');
    emitter.removeAllListeners('z');
    emitter.emit('z', 'z');
    emitter.prependListener('z', shared);
    emitter.emit('z', 'z again');
    assert.deepEqual(seen, [['x', 'first'], ['y', 'first'], ['z', 'first'], ['z again', 'first']]);
    assert.equal(emitter.listenerCount('a') + emitter.listenerCount('y'), 0);
  });

  it('bind(emitter): emitters that are not bound are left alone', () => {
    const plain = new EventEmitter();
    const seen: unknown[] = [];
    plain.on('e', () => seen.push(activeValue()));
    manager.with(contextWith('emit-time'), () => plain.emit('e'));
    assert.deepEqual(seen, ['emit-time']);
    assert.equal(Object.getOwnPropertyNames(plain).includes('on'), false);
  });
});
