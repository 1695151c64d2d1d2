"""Jobs: long work (ingesting an upload, harvesting a meeting) on a Celery task queue.

- ``models``: a ``Job`` (what was asked, by whom, its state, progress, result or error) and
  the ``StoredFile`` an upload is kept in until a worker reads it (never served to anyone);
- ``tasks``: the one runner every kind of job goes through, and the API to add a kind
  (``job_kind``) and to ask for a job (``enqueue``, ``store_file``);
- ``celery_app``: the Celery application, configured from Django's settings;
- ``views``, ``forms``, ``urls``: uploading papers as an officer, the jobs list and a job's
  page.

Without a broker (SCRUTINEER_BROKER_URL unset) a job runs at once in the process that asks
for it, so nothing here needs Redis to work.
"""
