import { describe, expect, it } from 'vitest';
import { layoutGraph } from './graph-layout';

describe('layoutGraph', () => {
  it('puts callers left of callees by longest path', () => {
    const layout = layoutGraph(
      [{ id: 'web' }, { id: 'api' }, { id: 'cart' }, { id: 'postgres', isPeer: true }],
      [
        { from: 'web', to: 'api' },
        { from: 'api', to: 'cart' },
        { from: 'web', to: 'cart' },
        { from: 'cart', to: 'postgres' },
      ],
    );
    const layer = (id: string) => layout.nodes.get(id)!.layer;
    expect([layer('web'), layer('api'), layer('cart'), layer('postgres')]).toEqual([0, 1, 2, 3]);
    expect(layout.nodes.get('web')!.x).toBeLessThan(layout.nodes.get('api')!.x);
  });

  it('moves an entry point next to its nearest callee', () => {
    const layout = layoutGraph([], [
      { from: 'web', to: 'api' },
      { from: 'api', to: 'db-svc' },
      { from: 'cron', to: 'db-svc' },
    ]);
    expect(layout.nodes.get('cron')!.layer).toBe(1);
    expect(layout.nodes.get('web')!.layer).toBe(0);
  });

  it('places a peer one layer right of its right-most caller', () => {
    const layout = layoutGraph(
      [{ id: 'a' }, { id: 'b' }, { id: 'redis', isPeer: true }],
      [
        { from: 'a', to: 'b' },
        { from: 'a', to: 'redis' },
        { from: 'b', to: 'redis' },
      ],
    );
    expect(layout.nodes.get('redis')!.layer).toBe(2);
  });

  it('survives cycles and self-calls', () => {
    const layout = layoutGraph(
      [{ id: 'a' }, { id: 'b' }, { id: 'c' }],
      [
        { from: 'a', to: 'b' },
        { from: 'b', to: 'c' },
        { from: 'c', to: 'a' },
        { from: 'b', to: 'b' },
      ],
    );
    expect(layout.nodes.size).toBe(3);
    expect(new Set([...layout.nodes.values()].map((n) => n.layer)).size).toBe(3);
  });

  it('orders a layer to avoid crossings', () => {
    // a1 → b2 and a2 → b1 cross if b1 stays above b2; barycenters swap them.
    const layout = layoutGraph([], [
      { from: 'a1', to: 'b2' },
      { from: 'a2', to: 'b1' },
    ]);
    const y = (id: string) => layout.nodes.get(id)!.y;
    expect(Math.sign(y('a1') - y('a2'))).toBe(Math.sign(y('b2') - y('b1')));
  });

  it('puts nodes without edges in a grid below the call graph', () => {
    const layout = layoutGraph([{ id: 'a' }, { id: 'b' }, { id: 'lonely' }], [{ from: 'a', to: 'b' }]);
    const lonely = layout.nodes.get('lonely')!;
    expect(lonely.layer).toBe(-1);
    expect(lonely.y).toBeGreaterThan(Math.max(layout.nodes.get('a')!.y, layout.nodes.get('b')!.y));
    expect(layout.height).toBeGreaterThanOrEqual(lonely.y + 48);
  });

  it('gives every node of a 60-node graph its own slot', () => {
    const edges = Array.from({ length: 59 }, (_, i) => ({ from: `s${Math.floor(i / 3)}`, to: `s${i + 1}` }));
    const layout = layoutGraph([], edges);
    const slots = new Set([...layout.nodes.values()].map((n) => `${n.x},${n.y}`));
    expect(slots.size).toBe(60);
  });
});
