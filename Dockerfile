# Helpdesk API image. One image serves both processes:
#   api     node dist/main.js    (the default command)
#   worker  node dist/worker.js
# Give it DATABASE_URL, REDIS_URL and JWT_SECRET (see .env.example); docker-compose.yml shows a full setup.

# --- build: install every dependency and compile TypeScript to dist/ --------------------------------------
FROM node:20-bookworm-slim AS build
WORKDIR /app
# redis-memory-server's install script would download and compile Redis; the image never needs it.
# @scarf/scarf's install script only sends usage analytics.
ENV REDISMS_DISABLE_POSTINSTALL=true \
    SCARF_ANALYTICS=false
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

# --- runtime: production dependencies and the compiled output only ---------------------------------------
FROM node:20-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production \
    PORT=3000 \
    REDISMS_DISABLE_POSTINSTALL=true \
    SCARF_ANALYTICS=false
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
# STORAGE_DIR defaults to .data/attachments under the working directory; the app user must be able to write it.
RUN mkdir -p .data/attachments && chown -R node:node .data
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health/live').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/main.js"]
