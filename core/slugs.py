"""ASCII slugs from Finnish titles and names: "Työn ilo" -> "tyon-ilo", collisions -2, -3, ..."""

from django.utils.text import slugify

_FINNISH = str.maketrans(
    {
        "ä": "a",
        "Ä": "a",
        "ö": "o",
        "Ö": "o",
        "å": "a",
        "Å": "a",
        # Scraped text is full of non-breaking and narrow no-break spaces.
        "\u00a0": " ",
        "\u202f": " ",
        "\u2007": " ",
    }
)


def slugify_fi(value):
    """Lower-case ASCII slug; Finnish letters are transliterated, other accents dropped."""
    return slugify(str(value).translate(_FINNISH))


def _shorten(slug, max_length):
    if len(slug) <= max_length:
        return slug
    cut = slug[:max_length]
    # Prefer to end on a whole word when one fits.
    if "-" in cut and slug[max_length] != "-":
        cut = cut.rsplit("-", 1)[0]
    return cut.strip("-")


def unique_slug(instance, value, *, field_name="slug", fallback="item", reserved=()):
    """A slug for ``instance`` from ``value`` that no other row (nor ``reserved``) uses."""
    model = type(instance)
    max_length = model._meta.get_field(field_name).max_length
    base = _shorten(slugify_fi(value), max_length) or fallback
    others = model._default_manager.exclude(pk=instance.pk)
    # Most slugs are free: one indexed lookup settles it before any prefix scan.
    if base not in reserved and not others.filter(**{field_name: base}).exists():
        return base
    taken = set(
        model._default_manager.filter(**{f"{field_name}__startswith": base})
        .exclude(pk=instance.pk)
        .values_list(field_name, flat=True)
    ) | {slug for slug in reserved if slug.startswith(base)}
    candidate, number = base, 2
    while candidate in taken:
        suffix = f"-{number}"
        candidate = _shorten(base, max_length - len(suffix)) + suffix
        number += 1
    return candidate
