import type { AttributeValue, Attributes } from '../model/attributes.js';
import type { PeerKind } from '../model/aggregates.js';

/** The uninstrumented thing a client span talks to, as read from its attributes. */
export interface PeerNode {
  name: string;
  kind: PeerKind;
  /**
   * True when no instrumented server span will ever answer (a database): the edge is recorded at
   * once instead of after the pairing window.
   */
  final: boolean;
}

/**
 * Reads the peer of a CLIENT/PRODUCER span from OpenTelemetry semantic-convention attributes
 * (current and older names), first rule that applies wins:
 *
 * 1. database — `db.system.name` / `db.system`: named `peer.service` if set, else
 *    `<system>/<db.namespace | db.name | server.address | net.peer.name>`, else `<system>`
 *    (a purely numeric namespace — Redis' database index — names nothing: the address is used).
 *    Final: databases do not send spans, so there is no server span to wait for.
 * 2. messaging — `messaging.system`: named `peer.service`, else
 *    `<system>/<messaging.destination.name | messaging.destination>`, else `<system>`.
 *    Not final: an instrumented consumer may still pair with the producer.
 * 3. service — `peer.service` (an uninstrumented service the caller named).
 * 4. external — `server.address`, `net.peer.name`, `http.host`, or the host of `url.full` /
 *    `http.url` (ports dropped: one node per host).
 *
 * Tempo (modules/generator/processor/servicegraphs) also waits the whole window for database
 * spans and knows no messaging or external nodes; it names a database by peer.service,
 * server.address or db.name, losing the system.
 */
export function resolvePeer(attributes: Attributes): PeerNode | undefined {
  const peerService = text(attributes['peer.service']);

  const dbSystem = text(attributes['db.system.name']) ?? text(attributes['db.system']);
  if (dbSystem !== undefined) {
    const where =
      databaseName(text(attributes['db.namespace'])) ??
      databaseName(text(attributes['db.name'])) ??
      text(attributes['server.address']) ??
      text(attributes['net.peer.name']);
    return peerService !== undefined ? peerNode('database', peerService, undefined) : peerNode('database', dbSystem, where);
  }

  const messagingSystem = text(attributes['messaging.system']);
  if (messagingSystem !== undefined) {
    const destination = text(attributes['messaging.destination.name']) ?? text(attributes['messaging.destination']);
    return peerService !== undefined ? peerNode('messaging', peerService, undefined) : peerNode('messaging', messagingSystem, destination);
  }

  if (peerService !== undefined) return peerNode('service', peerService, undefined);

  const host =
    text(attributes['server.address']) ??
    text(attributes['net.peer.name']) ??
    hostOnly(text(attributes['http.host'])) ??
    hostOfUrl(text(attributes['url.full'])) ??
    hostOfUrl(text(attributes['http.url']));
  if (host !== undefined) return peerNode('external', host, undefined);
  return undefined;
}

function text(value: AttributeValue | undefined): string | undefined {
  if (typeof value === 'string') return value.length > 0 ? value : undefined;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function databaseName(namespace: string | undefined): string | undefined {
  return namespace !== undefined && /^\d+$/.test(namespace) ? undefined : namespace;
}

/** Peers already named, by kind, first and second part of the name: see {@link peerNode}. */
const knownPeers = new Map<string, Map<string, Map<string, PeerNode>>>();
let knownPeerCount = 0;
/** Peer names can carry ids (an address per pod): past this many, new ones are not remembered. */
const MAX_KNOWN_PEERS = 10_000;

/**
 * The node named `first` or `first/second`. Nearly every client span names one of a few peers:
 * the same (frozen) node is handed out again, so its name is one string whose hash the edge maps
 * already know, instead of a new object and a new joined string per span. The lookups are by the
 * attribute strings themselves, which the receiver interns. Only databases are final (see
 * resolvePeer), so `final` follows from the kind the cache is keyed by.
 */
function peerNode(kind: PeerKind, first: string, second: string | undefined): PeerNode {
  let byFirst = knownPeers.get(kind);
  if (byFirst === undefined) knownPeers.set(kind, (byFirst = new Map()));
  let bySecond = byFirst.get(first);
  const secondKey = second ?? '';
  const known = bySecond?.get(secondKey);
  if (known !== undefined) return known;
  const node: PeerNode = Object.freeze({ name: second === undefined ? first : `${first}/${second}`, kind, final: kind === 'database' });
  if (knownPeerCount < MAX_KNOWN_PEERS) {
    if (bySecond === undefined) byFirst.set(first, (bySecond = new Map()));
    bySecond.set(secondKey, node);
    knownPeerCount++;
  }
  return node;
}

function hostOnly(hostHeader: string | undefined): string | undefined {
  if (hostHeader === undefined) return undefined;
  return hostHeader.replace(/:\d+$/, '') || undefined;
}

function hostOfUrl(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    return new URL(url).hostname || undefined;
  } catch {
    return undefined;
  }
}
