# One image for every app; the compose file picks the app with APP.
# The Node major pinned in package.json's devDependencies ("node"), which npm scripts run on.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY apps ./apps
COPY libs ./libs
# The emulators are for development only: production has no code of theirs to load.
RUN npm run build && rm -rf dist/libs/emulators && npm prune --omit=dev

FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
# Directories the app writes, owned by the user it runs as: the signing keys (JWT_KEYS_DIR; a new
# named volume mounted there copies this directory, owner included) and the embedded database's.
RUN install -d -o node -g node -m 700 /keys /app/.data
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --chown=node:node package.json ./
# The pages the gateway serves in production (the admin console, when ADMIN_CONSOLE=true), read-only.
COPY apps/gateway/public ./apps/gateway/public
USER node
ENV APP=monolith
CMD ["sh", "-c", "exec node dist/apps/${APP}/src/main.js"]
