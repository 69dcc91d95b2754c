/**
 * Does nothing: the handler for a rejection or an `'error'` event that is expected and already
 * accounted for elsewhere (a cancelled read, a client that left, a race already lost), so that
 * it neither goes unhandled nor crashes the process.
 */
export function ignore(): void {
  // Deliberately empty.
}
