# syntax=docker/dockerfile:1
# `locus serve` for the container ingest of the AWS stack (deploy/infra, `ingest: 'container'`),
# built for linux/arm64 there. Any profile runs: set LOCUS_* at `docker run`.

# Build: compile TypeScript, then keep the production dependencies only.
FROM node:24-bookworm-slim AS build
# better-sqlite3 compiles from source when no prebuilt binary fits the platform.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY bin ./bin
# `prepare` builds dist/ once the dependencies are in.
RUN npm ci --no-audit --no-fund && npm prune --omit=dev --no-audit --no-fund

# Run: the compiled code and production dependencies, as the unprivileged `node` user.
FROM node:24-bookworm-slim
ENV NODE_ENV=production \
  LOCUS_HOST=0.0.0.0 \
  PORT=8080 \
  LOCUS_DATA_DIR=/home/node/data
WORKDIR /app
COPY --from=build --chown=root:root /app/package.json ./
COPY --from=build --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/dist ./dist
COPY --from=build --chown=root:root /app/bin ./bin
USER node
RUN mkdir -p /home/node/data
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/health').then((r)=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["node", "bin/locus.js"]
CMD ["serve"]
