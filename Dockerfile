# syntax=docker/dockerfile:1
# Parley: the API, the web UI and the job loop in one image. Build: docker build -t parley .
# Run one role per container (compose.yaml): `serve --no-jobs`, `jobs`, `migrate`, `backup`, `restore`.

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# The web UI is built into web/dist, which `parley serve` serves, and the server compiled into dist/, which
# bin/parley.mjs runs (no TypeScript transpiled at start); dev dependencies go afterwards.
RUN npm run build:web && npm run build:server && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim AS runtime
# tini forwards signals (graceful shutdown); postgresql-client gives `parley backup` pg_dump/pg_restore (15, as in compose.yaml).
RUN apt-get update \
  && apt-get install -y --no-install-recommends tini postgresql-client \
  && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/data \
    TMPDIR=/data/tmp
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json /app/package-lock.json ./
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/bin ./bin
COPY --from=build --chown=node:node /app/src ./src
COPY --from=build --chown=node:node /app/dist ./dist
COPY --from=build --chown=node:node /app/tsconfig.json ./tsconfig.json
COPY --from=build --chown=node:node /app/web/dist ./web/dist
# Uploads are streamed to TMPDIR: keep it on the data volume, not in the container's layer.
RUN mkdir -p /data/tmp && chown -R node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
ENTRYPOINT ["tini", "--", "node", "bin/parley.mjs"]
CMD ["serve", "--no-demo"]
