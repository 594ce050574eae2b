import { definePlugin } from '@orcaops/plugin-api';

// A setup that never settles must not hold up the host.
export default definePlugin({ id: 'fixture-slow', setup: () => new Promise(() => undefined) });
