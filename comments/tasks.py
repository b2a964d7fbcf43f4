"""The comments' work done by the task queue, outside the reader's request."""

import logging

from django_tasks import task

from comments import notifications
from comments.models import Comment
from core import mail

logger = logging.getLogger(__name__)


@task()
def notify_authors(comment_id, moderate_url, attempt=0):
    comment = Comment.objects.select_related("post").filter(pk=comment_id).first()
    if comment is None:
        return
    try:
        notifications.notify_authors(comment, moderate_url)
    except mail.Refused:
        # Nothing to try again: the authors' addresses are theirs to mend in the admin.
        logger.warning("The mail server refused the authors of comment %s", comment_id)
    except mail.PASSING:
        mail.later(notify_authors, attempt, comment_id, moderate_url)
