/**
 * An error that says what went wrong twice: in English (`message`, for logs, the CLI and any
 * client that does not know the code) and as a reason code (`reason`, shared/errorReasons.ts)
 * that the renderer shows in the user's language. Backend code throws it wherever an operator
 * will read the error; the transports copy `reason` onto the RPC error envelope.
 */
import type { ReasonView } from './views';

export class CodedError extends Error {
  constructor(message: string, readonly reason?: ReasonView) {
    super(message);
    this.name = 'CodedError';
  }
}
