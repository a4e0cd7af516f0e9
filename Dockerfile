FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    # gunicorn and celery choose production by themselves; manage.py (migrate,
    # createsuperuser) needs telling.
    DJANGO_SETTINGS_MODULE=config.settings.production

WORKDIR /app
# pg_dump and pg_restore for `manage.py backup` and `restore` (PostgreSQL 15, as the compose file).
RUN apt-get update && apt-get install -y --no-install-recommends postgresql-client \
    && rm -rf /var/lib/apt/lists/*
RUN useradd --create-home --uid 1000 gouvernail
# Exactly the versions CI tested, each checked against its hash. The code runs from /app: the
# project itself has no package to install.
COPY requirements/base.lock requirements/base.lock
RUN pip install --no-cache-dir --require-hashes -r requirements/base.lock
COPY . .
# collectstatic needs settings that load; the real secrets come at run time.
RUN DJANGO_SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
    DJANGO_ALLOWED_HOSTS=localhost \
    FIELD_ENCRYPTION_KEY="$(python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())')" \
    python manage.py collectstatic --noinput
USER gouvernail
EXPOSE 8000
# Processes and threads: config/gunicorn.py (WEB_CONCURRENCY, WEB_THREADS), as `make loadtest`
# measured them.
CMD ["gunicorn", "-c", "config/gunicorn.py", "config.wsgi:application"]
