# One image for every Lading service; docker-compose.yml picks the entry per service.
FROM node:22-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
ENV LADING_HOST=0.0.0.0 APOLLO_TELEMETRY_DISABLED=true
CMD ["npx", "tsx", "scripts/start.ts"]
