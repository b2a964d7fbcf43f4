"""The demo's pictures, drawn when `make run` first loads the demo content (core.bootstrap):
every other post gets a featured image, each writer a portrait and a cover, and every
post its social card, so that the theme shows what a team's blog with pictures looks
like."""

from django.core.files.base import ContentFile

from authors.models import Author
from blog.models import Post
from core import cards


def add_pictures():
    for index, post in enumerate(Post.objects.published().order_by("-published_at")):
        if index % 2 == 0:
            post.featured_image.save(
                f"{post.slug}.jpg", ContentFile(cards.illustration(post.slug)), save=False
            )
            # In the demo posts' own language.
            post.featured_image_alt = "Värikäs abstrakti kuvitus"
            post.save()
    for author in Author.objects.all():
        author.avatar.save(
            f"{author.slug}.jpg", ContentFile(cards.portrait(author.display_name)), save=False
        )
        author.cover_image.save(
            f"{author.slug}-cover.jpg",
            ContentFile(cards.illustration(author.slug, (1600, 533))),
            save=False,
        )
        author.save()
    # The fixture's posts came without cards, as imported posts do; the worker would draw
    # them within a minute, the demo has them at once.
    Post.objects.draw_stale_social_cards()
