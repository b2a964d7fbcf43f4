import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from authors.models import Author
from blog.models import Post
from comments.models import Comment


class UserFactory(DjangoModelFactory):
    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")

    class Meta:
        model = "auth.User"
        skip_postgeneration_save = True


class AuthorFactory(DjangoModelFactory):
    user = factory.SubFactory(UserFactory)
    display_name = factory.Sequence(lambda n: f"Kirjoittaja {n}")
    bio = "Kirjoittaa työelämästä."

    class Meta:
        model = Author


class PostFactory(DjangoModelFactory):
    title = factory.Sequence(lambda n: f"Kirjoitus numero {n}")
    body = "Ensimmäinen kappale.\n\nToinen kappale."
    status = Post.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))

    class Meta:
        model = Post
        skip_postgeneration_save = True

    @factory.post_generation
    def authors(self, create, extracted, **kwargs):
        if create and extracted:
            self.set_authors(extracted)

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.add(*extracted)


class CommentFactory(DjangoModelFactory):
    post = factory.SubFactory(PostFactory)
    name = "Lukija"
    email = "lukija@example.com"
    body = "Hyvä kirjoitus!"
    status = Comment.Status.APPROVED

    class Meta:
        model = Comment
