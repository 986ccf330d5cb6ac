# Hotwash's GitHub App: docker build -t hotwash . (running it: README, "Deployment").

# Build: every dependency, then src/ compiled to dist/ (npm run build).
FROM node:24-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

# Run: production dependencies only, the compiled App, its templates and manifest.
FROM node:24-slim
WORKDIR /app
# HOST: Probot listens on localhost by default, which nothing outside the container reaches.
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 LOG_FORMAT=json NPM_CONFIG_UPDATE_NOTIFIER=false
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY templates ./templates
COPY app.yml ./
# The unprivileged user the node image provides.
USER node
EXPOSE 3000
# No curl in slim images: Node's fetch asks Probot's /ping.
HEALTHCHECK --interval=30s --timeout=5s --start-period=15s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/ping').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# `docker stop` sends SIGTERM: in-flight webhooks finish, then the App exits 0.
CMD ["npm", "start"]
