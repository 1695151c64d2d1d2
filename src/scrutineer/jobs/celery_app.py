"""The Celery application. Settings are Django's, those named CELERY_* (see settings.py):
the broker is SCRUTINEER_BROKER_URL, and without one every task runs eagerly, in-process.

A worker started by `scrutineer worker` has set Django up before this module is read; the
kinds of job (``tasks.job_kind``) are found in each installed app's ``jobs`` module.
"""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scrutineer.settings")

app = Celery("scrutineer")
app.config_from_object("django.conf:settings", namespace="CELERY")
# The one Celery task, the runner of every job.
app.conf.imports = ("scrutineer.jobs.tasks",)
