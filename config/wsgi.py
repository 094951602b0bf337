"""WSGI entry point for gunicorn."""

import os

from django.core.wsgi import get_wsgi_application

from config.folders import runtime_folders_create

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
runtime_folders_create()
application = get_wsgi_application()
