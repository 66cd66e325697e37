# syntax=docker/dockerfile:1
# Helpdesk API image, on the current Node.js LTS (26). One image serves every process:
#   api        node dist/main.js      (the default command)
#   worker     node dist/worker.js
#   migrations node dist/migrate.js   (the Kubernetes migration Job; --wait only waits for them)
# Give it DATABASE_URL, REDIS_URL and JWT_SECRET (see .env.example); docker-compose.yml and deploy/k8s show full
# setups. The embedded PostgreSQL and Redis of the zero-config start are development dependencies: not in here.

ARG NODE_IMAGE=node:26-trixie-slim

# --- build: every dependency, then TypeScript to dist/ ------------------------------------------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
# redis-memory-server's install script would download and compile Redis; @scarf/scarf's only sends analytics
ENV REDISMS_DISABLE_POSTINSTALL=true \
    SCARF_ANALYTICS=false
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json tsconfig.migrations.json nest-cli.json ./
COPY src ./src
COPY migrations ./migrations
RUN npm run build

# --- production dependencies only, installed apart so the runtime stage copies no npm cache -----------------
FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
ENV SCARF_ANALYTICS=false
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# --- runtime: production dependencies and the compiled output, run as the unprivileged `node` user (uid 1000) -
FROM ${NODE_IMAGE} AS runtime
WORKDIR /app
ENV NODE_ENV=production \
    PORT=3000 \
    STORAGE_DIR=/var/lib/helpdesk/attachments
COPY --chown=root:root package.json package-lock.json ./
COPY --from=prod-deps --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/dist ./dist
# the code is owned by root and read-only to the app; only the attachment folder (a volume) is writable
RUN mkdir -p /var/lib/helpdesk/attachments && chown -R node:node /var/lib/helpdesk
VOLUME ["/var/lib/helpdesk/attachments"]
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health/live').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
STOPSIGNAL SIGTERM
CMD ["node", "dist/main.js"]
