# One image for every Lading service; docker-compose.yml picks the entry per service.
FROM node:22-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# Production runs the tsc output (npm run build): no TypeScript loader or source maps on the serving path.
RUN npm run build && npm prune --omit=dev --no-audit --no-fund
ENV LADING_HOST=0.0.0.0 APOLLO_TELEMETRY_DISABLED=true
CMD ["node", "dist/scripts/start.js"]
