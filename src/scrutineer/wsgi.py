"""The WSGI application, for gunicorn (`scrutineer serve --production`) and runserver."""

import os

from django.core.wsgi import get_wsgi_application

from scrutineer.environment import require_secret_key

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scrutineer.settings")
application = get_wsgi_application()
require_secret_key()
