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
COPY scripts/bundle.mjs scripts/agent-code-cache.mjs ./scripts/
RUN npm ci && npm prune --omit=dev

FROM node:20-bookworm-slim
# --max-semi-space-size: V8's young generation stays at 2 MiB semi-spaces instead of growing to 16,
# which keeps the agent's memory ~30 MiB lower at its peak (docs/benchmarks.md, systemd/stripe-agent.service).
ENV NODE_ENV=production \
    NODE_OPTIONS=--max-semi-space-size=2 \
    STRIPE_AGENT_DATA_DIR=/data \
    STRIPE_AGENT_METRICS_ADDR=127.0.0.1:9464
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
# /healthz on the metrics address: the process is up (/readyz would also fail while the control
# plane is away, and restarting the container does not bring it back). Publish 9464 with
# STRIPE_AGENT_METRICS_ADDR=0.0.0.0:9464 for Prometheus.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://'+process.env.STRIPE_AGENT_METRICS_ADDR+'/healthz').then((r)=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["node", "/app/dist/bin/stripe-agent.js"]
CMD ["run"]
