import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';
import type { Type } from 'protobufjs';

/**
 * The OTLP message types, loaded once from the vendored `.proto` files (`collector/proto/`).
 * protobufjs generates a specialised decoder per type at load time, so decoding is fast and no
 * hand-written wire parser is involved. `fixed64` timestamps decode to `Long` (the `long`
 * package is installed, so protobufjs uses it) and are converted to `bigint` without loss.
 */
export interface OtlpTypes {
  traceRequest: Type;
  traceResponse: Type;
  logsRequest: Type;
  logsResponse: Type;
  metricsRequest: Type;
  metricsResponse: Type;
  /** `google.rpc.Status` (code, message) for error bodies of protobuf requests. */
  status: Type;
}

/** The `proto/` folder of the collector package, from `src/receiver` or `dist/receiver`. */
export const PROTO_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'proto');

const SERVICE_FILES = [
  'opentelemetry/proto/collector/trace/v1/trace_service.proto',
  'opentelemetry/proto/collector/logs/v1/logs_service.proto',
  'opentelemetry/proto/collector/metrics/v1/metrics_service.proto',
];

let cached: OtlpTypes | undefined;

/**
 * protobufjs gives every message with a oneof (AnyValue, NumberDataPoint...) a virtual property
 * whose setter the decoder calls after reading a member; that setter `delete`s every other member
 * from the message, which costs a runtime call per name and pushes the object into slow
 * dictionary mode. It was ~10% of decoding a trace request (one AnyValue per attribute). The
 * decoder only ever sets the member it read, so those deletes do nothing useful for us: our
 * types are set up with a no-op setter instead (readers test members as own properties, see
 * `has` in otlp-values.ts). protobufjs builds a type's prototype (and that property, which is
 * not configurable) when its `ctor` is first read, so the setter factory is swapped only while
 * our types are set up, then restored.
 */
function setUpWithoutOneofDeletes(namespace: protobuf.NamespaceBase): void {
  const util = protobuf.util as unknown as { oneOfSetter: (names: string[]) => (name: string) => void };
  const original = util.oneOfSetter;
  util.oneOfSetter = () => () => undefined;
  try {
    setUpTypes(namespace);
  } finally {
    util.oneOfSetter = original;
  }
}

function setUpTypes(namespace: protobuf.NamespaceBase): void {
  for (const nested of namespace.nestedArray) {
    if (nested instanceof protobuf.Type) void nested.ctor;
    if (nested instanceof protobuf.Namespace) setUpTypes(nested); // a Type is a Namespace too
  }
}

export function loadOtlpTypes(): OtlpTypes {
  if (cached) return cached;
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => join(PROTO_DIR, target);
  root.loadSync(SERVICE_FILES, { keepCase: false });
  // google.rpc.Status without `details` (an Any we never send): same wire numbers as the original.
  const status = new protobuf.Type('Status')
    .add(new protobuf.Field('code', 1, 'int32'))
    .add(new protobuf.Field('message', 2, 'string'));
  new protobuf.Root().define('google.rpc').add(status);
  const lookup = (name: string) => root.lookupType(name);
  setUpWithoutOneofDeletes(root);
  cached = {
    traceRequest: lookup('opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest'),
    traceResponse: lookup('opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse'),
    logsRequest: lookup('opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest'),
    logsResponse: lookup('opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse'),
    metricsRequest: lookup('opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest'),
    metricsResponse: lookup('opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse'),
    status,
  };
  return cached;
}
