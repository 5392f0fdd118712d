# Lotsa's container image (docs/deployment.md, "Container image").
#
# Both stages are the same Debian release, so that the virtual environment built in the first
# finds the same Python at the same place in the second. Debian's Python and Debian's Pango are
# what WeasyPrint is tested with on Debian 12.
FROM debian:bookworm-slim AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 python3-venv \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN PYTHON=/usr/bin/python3 scripts/build-app /opt/lotsa /opt/lotsa/static

FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 tzdata libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*
# The server runs as a user without a login; the image's files belong to root, so the server
# cannot change its own code. It writes only to the data folder, the audit trail's checkpoint
# folder and /tmp. Debian's tzdata gives Python the time zones TIME_ZONE names.
RUN useradd --system --uid 10001 --user-group --home-dir /var/lib/lotsa --no-create-home \
        --shell /usr/sbin/nologin lotsa \
 && install -d -o lotsa -g lotsa -m 0750 /var/lib/lotsa /var/lib/lotsa-checkpoints
COPY --from=build /opt/lotsa /opt/lotsa

ENV PATH=/opt/lotsa/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    LOTSA_DATA_DIR=/var/lib/lotsa \
    LOTSA_STATIC_ROOT=/opt/lotsa/static \
    GUNICORN_BIND=0.0.0.0:8000
VOLUME ["/var/lib/lotsa", "/var/lib/lotsa-checkpoints", "/tmp"]
USER lotsa
WORKDIR /var/lib/lotsa
EXPOSE 8000

# The image has no curl: Python asks /healthz on the port GUNICORN_BIND names.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python3", "-c", "import os, urllib.request; port = os.environ.get('GUNICORN_BIND', '').rpartition(':')[2] or '8000'; urllib.request.urlopen(f'http://127.0.0.1:{port}/healthz', timeout=4)"]

CMD ["gunicorn", "--config", "/opt/lotsa/etc/gunicorn.conf.py", "lotsa.wsgi"]
