"""Logs on stdout, one line per record: JSON for log collectors, or plain for reading.

Django (settings.LOGGING) and gunicorn (config/gunicorn.conf.py) both configure logging
from ``stdout_logging``, so a collector gets one stream in one form.
"""

import datetime
import json
import logging


class JsonFormatter(logging.Formatter):
    def format(self, record):
        entry = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


FORMATS = {
    "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    "json": {"()": JsonFormatter},
}


def stdout_logging(log_format, level="INFO", loggers=None):
    """A ``logging.config.dictConfig`` sending every record to stdout as ``log_format``."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {log_format: FORMATS[log_format]},
        "handlers": {
            "stdout": {
                "class": "logging.StreamHandler",
                "formatter": log_format,
                "stream": "ext://sys.stdout",
            }
        },
        "root": {"handlers": ["stdout"], "level": level},
        "loggers": loggers or {},
    }
