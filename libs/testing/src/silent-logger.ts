import type { Logger } from '@orcaops/plugin-api';

/** A logger that drops everything, for tests that do not assert on logs. */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => silentLogger };
