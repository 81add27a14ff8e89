/** The body is not a valid OTLP export request; the receiver answers 400 with this message. */
export class OtlpDecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OtlpDecodeError';
  }
}
