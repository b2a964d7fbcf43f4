"""`manage.py check` says which authors no comment notice can reach."""

from django.core.checks import Warning, register
from django.db import DatabaseError

from authors.models import Author


def unreachable_message(author):
    return (
        f"{author.display_name} has no email address: notices of comments on her posts "
        "reach nobody."
    )


@register()
def authors_have_email(app_configs, **kwargs):
    try:
        authors = list(Author.objects.unreachable().select_related("user"))
    except DatabaseError:
        # No tables yet: checks also run before the first migrate.
        return []
    return [
        Warning(
            unreachable_message(author),
            hint=(
                f"Give the user {author.user.get_username()!r} an email address in the admin "
                "(Users), or with: manage.py shell."
            ),
            obj=author,
            id="authors.W001",
        )
        for author in authors
    ]
