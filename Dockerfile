# syntax=docker/dockerfile:1
# The agent as a container: `docker run -e STRIPE_AGENT_CONTROL_PLANE=https://… -e STRIPE_AGENT_TOKEN=… stripe-agent`.
# Its outbox lives in the /data volume: keep the volume, and no result is lost across restarts.

FROM node:20-bookworm-slim AS build
WORKDIR /src
# better-sqlite3 compiles when no prebuilt binary can be fetched.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY migrations ./migrations
RUN npm ci && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    STRIPE_AGENT_DATA_DIR=/data
WORKDIR /app
COPY --from=build /src/package.json ./
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/dist ./dist
COPY --from=build /src/migrations ./migrations
# The control plane's console is served from the package's source folder.
COPY --from=build /src/src/control-plane/console ./src/control-plane/console
RUN groupadd --system stripe-agent && useradd --system --gid stripe-agent --home-dir /data stripe-agent \
 && mkdir -p /data && chown stripe-agent:stripe-agent /data && chmod 0700 /data
USER stripe-agent
VOLUME ["/data"]
# SIGTERM drains (running jobs finish, results are flushed): give `docker stop -t 90` the time.
STOPSIGNAL SIGTERM
ENTRYPOINT ["node", "/app/dist/cli/main.js"]
CMD ["run"]
