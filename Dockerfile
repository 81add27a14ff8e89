# One image for the whole Sightline repository: the collector (default command) and the demo
# services and traffic generator of examples/ (docker-compose.yml overrides the command).
#   docker build -t sightline:local .
# Build stage: every workspace's dev dependencies, then `npm run build` (TypeScript + the UI).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.base.json ./
COPY collector/package.json collector/
COPY instrumentation/package.json instrumentation/
COPY examples/package.json examples/
COPY ui/package.json ui/
RUN npm ci --no-audit --no-fund
COPY collector collector
COPY instrumentation instrumentation
COPY examples examples
COPY ui ui
RUN npm run build

# Runtime stage: production dependencies only, plus what the build produced.
FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
COPY collector/package.json collector/
COPY instrumentation/package.json instrumentation/
COPY examples/package.json examples/
COPY ui/package.json ui/
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/collector/dist collector/dist
COPY --from=build /app/collector/proto collector/proto
COPY --from=build /app/instrumentation/dist instrumentation/dist
COPY --from=build /app/examples/dist examples/dist
COPY --from=build /app/ui/dist ui/dist
RUN mkdir -p /data && chown node:node /data
USER node
ENV SIGHTLINE_HOST=0.0.0.0 SIGHTLINE_DATA_DIR=/data
EXPOSE 4318 16686
HEALTHCHECK --interval=10s --timeout=5s --start-period=20s --retries=6 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:16686/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "collector/dist/bin/sightline-collector.js"]
