import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';

/**
 * A minimal client for the demo queue (src/services/queue.ts), shaped like a broker client library
 * with its own instrumentation: publish is a PRODUCER span that injects the trace context into the
 * message headers; each received message is processed inside a CONSUMER span whose parent is that
 * context. The raw HTTP calls to the queue are not traced (like a broker's wire protocol).
 */
const MESSAGING_SYSTEM = 'demo-queue';
const tracer = trace.getTracer('sightline-demo-queue-client');

export interface QueueMessage<T> {
  id: string;
  headers: Record<string, string>;
  body: T;
}

export async function publish<T>(queueUrl: string, topic: string, body: T): Promise<void> {
  await tracer.startActiveSpan(
    `${topic} publish`,
    {
      kind: SpanKind.PRODUCER,
      attributes: {
        'messaging.system': MESSAGING_SYSTEM,
        'messaging.destination.name': topic,
        'messaging.operation.type': 'publish',
        'messaging.operation.name': 'publish',
      },
    },
    async (span) => {
      const headers: Record<string, string> = {};
      propagation.inject(context.active(), headers);
      try {
        await untraced(() =>
          fetch(`${queueUrl}/topics/${encodeURIComponent(topic)}/messages`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ headers, body }),
            signal: AbortSignal.timeout(1000),
          }).then((r) => {
            if (!r.ok) throw new Error(`queue answered HTTP ${r.status}`);
          }),
        );
      } catch (error) {
        span.recordException(error as Error);
        span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
        throw error;
      } finally {
        span.end();
      }
    },
  );
}

/** Polls the topic and runs `handle` per message in a CONSUMER span; returns a stop function. */
export function consume<T>(
  queueUrl: string,
  topic: string,
  handle: (message: QueueMessage<T>) => Promise<void>,
  onError: (error: unknown) => void,
): () => void {
  let stopped = false;
  const loop = async () => {
    while (!stopped) {
      let messages: QueueMessage<T>[] = [];
      try {
        messages = await untraced(() =>
          fetch(`${queueUrl}/topics/${encodeURIComponent(topic)}/messages?max=10&waitMs=1000`, { signal: AbortSignal.timeout(3000) }).then(
            (r) => r.json() as Promise<QueueMessage<T>[]>,
          ),
        );
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 1000));
        continue;
      }
      for (const message of messages) {
        const parent = propagation.extract(context.active(), message.headers);
        await tracer.startActiveSpan(
          `${topic} process`,
          {
            kind: SpanKind.CONSUMER,
            attributes: {
              'messaging.system': MESSAGING_SYSTEM,
              'messaging.destination.name': topic,
              'messaging.operation.type': 'process',
              'messaging.operation.name': 'process',
              'messaging.message.id': message.id,
            },
          },
          parent,
          async (span) => {
            try {
              await handle(message);
            } catch (error) {
              span.recordException(error as Error);
              span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
              onError(error);
            } finally {
              span.end();
            }
          },
        );
      }
    }
  };
  void loop();
  return () => {
    stopped = true;
  };
}

function untraced<T>(fn: () => Promise<T>): Promise<T> {
  return context.with(suppressTracing(context.active()), fn);
}
