import logging

from django.shortcuts import redirect
from django.utils.translation import gettext as _

from blog.views import PostDetailView
from comments import submission
from comments.forms import CommentForm
from comments.page import after_posting_url

logger = logging.getLogger(__name__)


class CommentCreateView(PostDetailView):
    """The comment form's target; a refused comment comes back on the post page, kept."""

    http_method_names = ["post"]

    def can_preview(self):
        # Comments go to posts readers see, whoever sends them.
        return False

    def post(self, request, *args, **kwargs):
        self.object = post = self.get_object()
        form = CommentForm(request.POST, post=post)
        if not post.accepts_comments():
            return self.render_to_response(
                self.get_context_data(refused_text=request.POST.get("body", "")), status=403
            )
        reader = submission.reader_of(request)
        if not submission.within_rate_limits(reader, post):
            form.is_valid()
            form.add_error(
                None,
                _(
                    "You have sent several comments in a short time. Wait a minute and "
                    "send again: your text is kept below."
                ),
            )
            return self.render_to_response(self.get_context_data(comment_form=form), status=429)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(comment_form=form), status=400)
        try:
            comment = submission.submit(form, request, reader)
        except submission.DatabaseBusy:
            logger.warning("comment not stored: the database is busy", exc_info=True)
            form.add_error(
                None,
                _(
                    "The blog is very busy just now and could not store your comment. "
                    "Send it again in a minute: your text is kept below."
                ),
            )
            response = self.render_to_response(self.get_context_data(comment_form=form), status=503)
            response["Retry-After"] = "60"
            return response
        return redirect(after_posting_url(comment))
