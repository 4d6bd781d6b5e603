# HMS image: one image for every role (APP_ROLE=api|worker|all) and for the CLI.
#   docker build -t hms .
#   docker run --init -p 3000:3000 -e DATABASE_URL=... -e REDIS_URL=... -e JWT_KEYS=...
#     -e PII_ENCRYPTION_KEYS=... -e PII_BLIND_INDEX_KEYS=... -e AUDIT_HMAC_KEYS=... hms
#   docker run ... hms node dist/src/cli.js migrations:run
# docker-compose.yml runs the whole stack; .env.example lists every setting.

# Node 24 LTS, the line CI runs on (.nvmrc); 22 LTS is supported too (docs/adr/0011).
ARG NODE_IMAGE=node:24-bookworm-slim

# ---- deps: every dependency, for the build
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# No install scripts: the build needs none, and msgpackr-extract loads its prebuilt
# binary from an optional package at run time (pure-JS fallback if absent).
# The lock lists every platform's optional packages, so npm ci accepts it on any build host.
RUN npm ci --ignore-scripts --no-audit --no-fund

# ---- build: compile TypeScript to dist/
FROM deps AS build
COPY tsconfig.json tsconfig.build.json ./
COPY libs ./libs
COPY migrations ./migrations
COPY src ./src
RUN npm run build && rm -f dist/.tsbuildinfo*

# ---- prod-deps: production dependencies only, installed clean rather than pruned
FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund

# ---- runtime
FROM ${NODE_IMAGE} AS runtime
# HOST: outside production the app listens on loopback only; a container must listen on every interface.
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000
WORKDIR /app
# Files stay owned by root, so the app user cannot rewrite its own code.
COPY package.json package-lock.json ./
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# Uploaded CSV files are streamed to disk here (HOSPITAL_IMPORT_TMP_DIR), not to a memory-backed /tmp;
# a volume mounted on it takes this owner.
# The local storage driver's directory (ADR 37), when STORAGE_DRIVER is not s3: mount a volume there.
ENV STORAGE_DIR=/var/lib/hms/storage
RUN mkdir -p /var/lib/hms/uploads /var/lib/hms/storage && chown node:node /var/lib/hms/uploads /var/lib/hms/storage \
  && chmod 700 /var/lib/hms/uploads /var/lib/hms/storage
# The official image's unprivileged user (uid 1000).
USER node
EXPOSE 3000
# Slim images have no curl; node's fetch probes the same PORT the process listens on
# (the worker serves /health/live from its probe server). Start period covers migrations.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health/live',{signal:AbortSignal.timeout(4000)}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# main.ts handles SIGTERM itself (drains, then exits); run with an init (compose: init: true)
# so signals and orphaned children are handled well at PID 1.
CMD ["node", "dist/src/main.js"]
