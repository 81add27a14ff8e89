// Starts fetching a deep-linked trace (/traces/<id>) while the app bundle is still downloading:
// for big traces the API answer is most of the wait. The app takes this response over
// (src/api/endpoints.ts, prefetchTraceForPath). A plain script file, not inline, so a strict
// Content-Security-Policy (script-src 'self') keeps working.
(function () {
  var match = /^\/traces\/([0-9a-fA-F]{16,32})\/?$/.exec(window.location.pathname);
  if (!match || !window.fetch) return;
  window.__sightlinePrefetch = {
    traceId: match[1],
    response: window.fetch('/api/v1/traces/' + match[1], { headers: { accept: 'application/json' } }),
  };
})();
