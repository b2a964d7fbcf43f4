"""The task queue's apps, named in the writer's language (INSTALLED_APPS lists these)."""

from django.utils.translation import gettext_lazy as _
from django_rq.apps import DjangoRqAdminConfig
from django_tasks_db.apps import TasksAppConfig


class TaskQueueConfig(TasksAppConfig):
    """django-tasks-db, the queue in the database, named in the writer's language."""

    verbose_name = _("Task queue")


class RedisQueueConfig(DjangoRqAdminConfig):
    """django-rq (TASK_QUEUE=redis), named in the writer's language."""

    verbose_name = _("Task queue in Redis")
