# Roster: a production image running the standalone Next.js server.
#   docker build -t roster .
#   docker run -p 3000:3000 -v roster-data:/data -e APP_URL=http://localhost:3000 roster

# Node 24, the long-term-support line: Node 20 reached its end of life in April 2026, and on 24 the
# same build renders the profile page with about a fifth less CPU and the sign-in page with about a
# third less (bench/README.md, "Node 24").
ARG NODE_IMAGE=node:24-bookworm-slim

FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# Not `npm ci`: it trips over npm's handling of other platforms' optional packages in the lockfile.
# `npm install` installs the locked versions; the build stops if it would change the lockfile.
RUN cp package-lock.json /tmp/locked.json \
 && npm install --no-audit --no-fund \
 && cmp -s package-lock.json /tmp/locked.json

FROM ${NODE_IMAGE} AS build
WORKDIR /app
# ROSTER_STANDALONE=1: next.config.mjs asks for the standalone server only for this image.
ENV NEXT_TELEMETRY_DISABLED=1 \
    ROSTER_STANDALONE=1
COPY --from=deps /app/node_modules ./node_modules
COPY . .
RUN npm run build

FROM ${NODE_IMAGE} AS runner
WORKDIR /app
ENV NODE_ENV=production \
    PORT=3000 \
    HOSTNAME=0.0.0.0 \
    ROSTER_DATA_DIR=/data \
    NEXT_TELEMETRY_DISABLED=1
# The server (with the node_modules it needs), the browser assets, and the files the app reads
# from its working directory at run time: the SQL migrations, the common-password list and the
# translations.
COPY --from=build /app/.next/standalone ./
COPY --from=build /app/.next/static ./.next/static
COPY --from=build /app/public ./public
COPY --from=build /app/db/migrations ./db/migrations
COPY --from=build /app/lib/security/common-passwords.txt ./lib/security/common-passwords.txt
COPY --from=build /app/messages ./messages
# The code stays owned by root; the unprivileged user writes only to the data volume and the cache.
RUN mkdir -p /data /app/.next/cache && chown node:node /data /app/.next/cache
USER node
VOLUME /data
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/api/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Node's heap as `npm start` sets it (package.json): without a limit V8 grows it with the machine's
# memory before collecting, to about 600 MB at 10 simultaneous requests.
CMD ["node", "--max-old-space-size=256", "--max-semi-space-size=8", "server.js"]
