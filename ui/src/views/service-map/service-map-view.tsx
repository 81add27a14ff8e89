import { useMemo, useState } from 'react';
import { api } from '../../api/endpoints';
import type { ServiceMapEdge, ServiceMapNode, ServiceMapResponse } from '../../api/schemas';
import { useApi } from '../../api/use-api';
import { Icon, type IconName } from '../../components/layout/icons';
import { AsyncView, Empty } from '../../components/states/states';
import { useTime } from '../../components/time-range/refresh-context';
import { formatDurationNanos, formatPercent, formatRate } from '../../format/format';
import { navigate, useLocation, withSharedParams } from '../../routing/router';
import { healthColor } from '../../transforms/colors';
import { layoutGraph } from '../../transforms/graph-layout';
import './service-map-view.css';

const NODE_W = 184;
const NODE_H = 50;


/** Services and the peers they call, laid out in layers; click a node or an edge to drill in. */
export function ServiceMapView() {
  const { resolved } = useTime();
  const state = useApi(`map|${resolved.fromMs}|${resolved.toMs}`, (signal) => api.serviceMap(resolved, signal));
  return (
    <div className="page">
      <div className="page-header">
        <h1>Service map</h1>
        <span className="page-header__sub">Who calls whom, derived from spans at ingest. Click a service to open it, an edge to find its traces.</span>
      </div>
      <AsyncView
        state={state}
        isEmpty={(d) => d.nodes.length === 0}
        empty={<Empty title="No calls between services in this time range">The map appears once instrumented services call each other.</Empty>}
      >
        {(data) => <ServiceMap data={data} />}
      </AsyncView>
    </div>
  );
}

function edgePath(x1: number, y1: number, x2: number, y2: number): string {
  if (x2 > x1) {
    const dx = (x2 - x1) / 2;
    return `M${x1},${y1} C${x1 + dx},${y1} ${x2 - dx},${y2} ${x2},${y2}`;
  }
  // A call to the same or an earlier layer (a cycle) loops under the nodes.
  const dip = Math.max(y1, y2) + NODE_H + 30;
  return `M${x1},${y1} C${x1 + 80},${dip} ${x2 - 80},${dip} ${x2},${y2}`;
}

export function ServiceMap({ data }: { data: ServiceMapResponse }) {
  const { params } = useLocation();
  const [hovered, setHovered] = useState<string | null>(null);
  const [zoom, setZoom] = useState(1);
  const layout = useMemo(
    () =>
      layoutGraph(
        data.nodes.map((n) => ({ id: n.id, isPeer: n.kind !== 'service' })),
        data.edges.map((e) => ({ from: e.client, to: e.server })),
        { columnPitch: 330, rowPitch: 78, nodeWidth: NODE_W, nodeHeight: NODE_H },
      ),
    [data],
  );
  const nodeById = new Map(data.nodes.map((n) => [n.id, n]));
  const crowded = data.edges.length > 24;
  const openNode = (node: ServiceMapNode) => {
    if (node.kind === 'service') navigate(withSharedParams(`/services/${encodeURIComponent(node.id)}`, params));
  };
  const openEdge = (edge: ServiceMapEdge) =>
    navigate(withSharedParams('/search', params, { service: edge.client, with: edge.serverKind === 'service' ? edge.server : null, peer: edge.serverKind === 'service' ? null : edge.server }));

  const isDimmed = (id: string) => hovered !== null && hovered !== id && !data.edges.some((e) => (e.client === hovered && e.server === id) || (e.server === hovered && e.client === id));

  return (
    <div className="card card--flush service-map">
      <div className="service-map__toolbar">
        <div className="service-map__legend">
          <span>
            <span className="dot" style={{ background: healthColor(0) }} /> &lt; 1% errors
          </span>
          <span>
            <span className="dot" style={{ background: healthColor(0.02) }} /> 1–5%
          </span>
          <span>
            <span className="dot" style={{ background: healthColor(0.1) }} /> &gt; 5%
          </span>
          <span className="service-map__legend-peer">
            <Icon name="database" size={14} /> <Icon name="messaging" size={14} /> <Icon name="external" size={14} /> uninstrumented peers
          </span>
          <span className="muted">edges: calls/s · error rate · p95{crowded ? ' (hover a service to show them)' : ''}</span>
        </div>
        <div className="service-map__zoom">
          <button type="button" className="btn btn--small" onClick={() => setZoom((z) => Math.max(0.3, z / 1.25))} aria-label="Zoom out">
            −
          </button>
          <button type="button" className="btn btn--small" onClick={() => setZoom(1)}>
            {Math.round(zoom * 100)}%
          </button>
          <button type="button" className="btn btn--small" onClick={() => setZoom((z) => Math.min(2.5, z * 1.25))} aria-label="Zoom in">
            +
          </button>
        </div>
      </div>
      <div className="service-map__canvas">
        <svg width={layout.width * zoom} height={(layout.height + 60) * zoom} viewBox={`0 0 ${layout.width} ${layout.height + 60}`} data-testid="service-map" role="img" aria-label="Service map">
          <defs>
            <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
              <path d="M0,0 L10,5 L0,10 z" fill="#94a3b8" />
            </marker>
          </defs>
          {data.edges.map((edge) => {
            const from = layout.nodes.get(edge.client);
            const to = layout.nodes.get(edge.server);
            if (!from || !to) return null;
            const x1 = from.x + NODE_W;
            const y1 = from.y + NODE_H / 2;
            const x2 = to.x;
            const y2 = to.y + NODE_H / 2;
            const dimmed = hovered !== null && edge.client !== hovered && edge.server !== hovered;
            // In a busy map the numbers of every edge at once are unreadable: show those of the
            // hovered service's edges (every edge keeps them in its tooltip).
            const showLabel = !crowded || (hovered !== null && !dimmed);
            const color = edge.errorRate >= 0.05 ? '#d64545' : edge.errorRate >= 0.01 ? '#e0a100' : '#94a3b8';
            const labelX = (x1 + x2) / 2;
            const labelY = x2 > x1 ? (y1 + y2) / 2 - 5 : Math.max(y1, y2) + NODE_H + 12;
            return (
              <g
                key={`${edge.client}->${edge.server}`}
                className={`service-map__edge${dimmed ? ' is-dimmed' : ''}`}
                onClick={() => openEdge(edge)}
                data-testid="map-edge"
                data-edge={`${edge.client}->${edge.server}`}
              >
                <title>{`${edge.client} → ${edge.server}: ${edge.calls} calls, ${formatPercent(edge.errorRate)} errors, p95 ${formatDurationNanos(edge.p95Ms === null ? null : edge.p95Ms * 1e6)}`}</title>
                <path d={edgePath(x1, y1, x2 - 2, y2)} className="service-map__edge-hit" />
                <path d={edgePath(x1, y1, x2 - 2, y2)} stroke={color} strokeWidth={Math.min(4, 1.2 + Math.log10(1 + edge.rate))} fill="none" markerEnd="url(#arrow)" />
                {showLabel && (
                  <text x={labelX} y={labelY} textAnchor="middle" className="service-map__edge-label">
                    {formatRate(edge.rate)} · {formatPercent(edge.errorRate)} · {formatDurationNanos(edge.p95Ms === null ? null : edge.p95Ms * 1e6)}
                  </text>
                )}
              </g>
            );
          })}
          {[...layout.nodes.values()].map((position) => {
            const node = nodeById.get(position.id) ?? { id: position.id, kind: 'external' as const, calls: 0, errors: 0, errorRate: 0, p50Ms: null, p95Ms: null, p99Ms: null, rate: 0 };
            const peer = node.kind !== 'service';
            const health = healthColor(node.calls > 0 ? node.errorRate : null);
            return (
              <g
                key={node.id}
                transform={`translate(${position.x},${position.y})`}
                className={`service-map__node${peer ? ' is-peer' : ''}${isDimmed(node.id) ? ' is-dimmed' : ''}`}
                onClick={() => openNode(node)}
                onMouseEnter={() => setHovered(node.id)}
                onMouseLeave={() => setHovered(null)}
                data-testid="map-node"
                data-node={node.id}
                data-kind={node.kind}
              >
                <title>{`${node.id} (${node.kind}): ${formatRate(node.rate)}, ${formatPercent(node.errorRate)} errors, p95 ${formatDurationNanos(node.p95Ms === null ? null : node.p95Ms * 1e6)}`}</title>
                <rect width={NODE_W} height={NODE_H} rx={peer ? 24 : 9} className="service-map__node-box" style={{ stroke: peer ? '#94a3b8' : health }} />
                {!peer && <rect width={6} height={NODE_H} rx={3} fill={health} />}
                {peer && (
                  <g transform="translate(14,9)" className="service-map__peer-icon">
                    <Icon name={node.kind as IconName} size={16} />
                  </g>
                )}
                <text x={peer ? 36 : 16} y={21} className="service-map__node-name">
                  {node.id.length > (peer ? 19 : 22) ? `${node.id.slice(0, peer ? 18 : 21)}…` : node.id}
                </text>
                <text x={peer ? 36 : 16} y={38} className="service-map__node-stats">
                  {peer ? node.kind : `${formatRate(node.rate)} · ${formatPercent(node.errorRate)} err`}
                </text>
              </g>
            );
          })}
        </svg>
      </div>
    </div>
  );
}
