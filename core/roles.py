"""The admin's roles as Django groups: what each may do at all.

Migration blog 0007 creates them; ``create_missing_roles`` also runs after every migrate
(and after a test database flush), creating a role group only when it is missing, so an
administrator's later changes to a group are kept.
"""

from django.utils.translation import gettext_noop

# The per-object half (an author reaches only her own posts, a contributor only her
# drafts) is in blog/permissions.py and the ModelAdmins.
CONTRIBUTOR = [
    "blog.view_post",
    "blog.add_post",
    "blog.change_post",
    "blog.delete_post",
    "blog.view_postauthor",
    "authors.view_author",
    "authors.change_author",
    "taggit.view_tag",
]
AUTHOR = CONTRIBUTOR + [
    "blog.publish_post",
    # Co-authors: she credits others in the byline of her own posts.
    "blog.add_postauthor",
    "blog.change_postauthor",
    "blog.delete_postauthor",
    "comments.view_comment",
    "comments.change_comment",
]
# Editors see who follows the blog and what went out, export it, and remove an address when
# its reader asks (following grants them in its migration 0002).
FOLLOWERS = [
    "following.view_follower",
    "following.delete_follower",
    "following.view_follow",
    "following.delete_follow",
    "following.view_announcement",
]
# Editors name the blog and set its look, and describe tags (core 0004 and blog 0018 grant
# these to an existing Editor role).
SITE_IDENTITY = ["core.view_siteidentity", "core.change_siteidentity"]
TAG_DESCRIPTIONS = [
    "blog.view_tagdescription",
    "blog.add_tagdescription",
    "blog.change_tagdescription",
    "blog.delete_tagdescription",
]
EDITOR = AUTHOR + [
    "blog.edit_all_posts",
    "authors.add_author",
    "authors.edit_all_authors",
    "comments.delete_comment",
    "comments.moderate_all_comments",
    "comments.view_blockedterm",
    "comments.add_blockedterm",
    "comments.change_blockedterm",
    "comments.delete_blockedterm",
    "taggit.add_tag",
    "taggit.change_tag",
    "taggit.delete_tag",
    "core.view_redirect",
    "core.add_redirect",
    "core.change_redirect",
    "core.delete_redirect",
    *FOLLOWERS,
    *SITE_IDENTITY,
    *TAG_DESCRIPTIONS,
]
# Named in English in the database; readers of the admin see them in their language
# (core.admin_language).
ROLES = {
    gettext_noop("Contributor"): CONTRIBUTOR,
    gettext_noop("Author"): AUTHOR,
    gettext_noop("Editor"): EDITOR,
}


def _permissions_now(apps):
    """Make every model's permissions; Django makes them only after all migrations."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = models_module or True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = models_module


def _grant(apps, group, codes):
    permission_model = apps.get_model("auth.Permission")
    for code in codes:
        app_label, codename = code.split(".")
        if codename.startswith(("view_", "add_", "change_", "delete_")):
            try:
                apps.get_model(app_label, codename.split("_", 1)[1])
            except LookupError:
                # A model a later migration makes; that migration grants it (core 0002).
                continue
        group.permissions.add(
            permission_model.objects.get(content_type__app_label=app_label, codename=codename)
        )


def create_missing_roles(apps):
    """Create each role group that does not exist; ``apps`` may be a migration's."""
    _permissions_now(apps)
    group_model = apps.get_model("auth.Group")
    for name, codes in ROLES.items():
        group, created = group_model.objects.get_or_create(name=name)
        if created:
            _grant(apps, group, codes)


def grant_to_existing_role(apps, name, codes):
    """Give an existing role group permissions added to it in a later release (a migration's
    job: what an administrator changed in the group otherwise stays)."""
    _permissions_now(apps)
    group = apps.get_model("auth.Group").objects.filter(name=name).first()
    if group is not None:
        _grant(apps, group, codes)
