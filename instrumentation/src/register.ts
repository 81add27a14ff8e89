// `node --import @sightline/instrumentation/register app.js` (or `import '@sightline/instrumentation/register'`
// as the first import of a CommonJS app): starts Sightline from the OTEL_* environment. `start()`
// later returns this same running handle, for apps that want to flush or shut down explicitly.
import { readEnvConfig } from './env-config.js';
import { registerEsmLoader } from './esm-loader.js';
import { start } from './start.js';

if (!readEnvConfig().sdkDisabled) {
  // The loader must be in place before the instrumentations register their hooks.
  const loaderReady = registerEsmLoader();
  start();
  await loaderReady;
}
