"""Blogger posts scraped as text, under Finnish date headers ("torstai 29. lokakuuta 2015")."""

import datetime
import re
import zoneinfo

from django.utils.translation import gettext_noop

from core.notes import note
from core.slugs import slugify_fi
from importing.records import ImportFormatError
from importing.text import (
    NO_AUTHOR,
    add_body_line,
    body_markdown,
    clean,
    new_post,
    noise_kind,
)

HELSINKI = zoneinfo.ZoneInfo("Europe/Helsinki")
WEEKDAYS = "maanantai tiistai keskiviikko torstai perjantai lauantai sunnuntai".split()
MONTHS = (
    "tammikuuta helmikuuta maaliskuuta huhtikuuta toukokuuta kesäkuuta heinäkuuta "
    "elokuuta syyskuuta lokakuuta marraskuuta joulukuuta"
).split()
DATE_HEADER = re.compile(
    rf"^(?:{'|'.join(WEEKDAYS)})\s+(\d{{1,2}})\.\s*({'|'.join(MONTHS)})\s+(\d{{4}})$", re.I
)
POSTED_BY = re.compile(
    r"^Lähettänyt\s+(?P<name>.+?)\s+klo\s+(?P<hour>\d{1,2})[.:](?P<minute>\d{2})$"
)
LABELS = re.compile(r"^Tunnisteet:\s*(?P<labels>.+)$")
COMMENT_COUNT = re.compile(r"^(\d+\s+kommentti(a)?|Ei kommentteja)\s*:?$", re.I)
SHARE_LINKS = {
    "Lähetä tämä sähköpostitse",
    "BlogThis!",
    "Jaa X:ään",
    "Jaa Twitteriin",
    "Jaa Facebookiin",
    "Jaa Pinterestiin",
}
LOST_IMAGE_CAPTION = re.compile(r"^(Kuva löytyy|Kuvakaappaus)\b.*$")
# Without a "Lähettänyt ... klo" footer only the day is known: noon keeps it on that day
# in every time zone a reader is likely to be in.
UNKNOWN_TIME = datetime.time(12, 0)


def parse_date_header(text):
    match = DATE_HEADER.match(clean(text))
    if not match:
        return None
    day, month, year = match.groups()
    try:
        return datetime.date(int(year), MONTHS.index(month.lower()) + 1, int(day))
    except ValueError:
        return False


def is_all_caps_title(text):
    """A shouted title: two or more words, every letter a capital, and not noise."""
    letters = [char for char in text if char.isalpha()]
    return (
        len(re.findall(r"[^\W\d_]{2,}", text)) >= 2
        and all(char.isupper() for char in letters)
        and noise_kind(text) is None
    )


def sentence_case(title):
    """'MITEN SINUSTAKIN TULEE "CAN DO" -TYYPPI?' -> 'Miten sinustakin tulee "CAN DO" -tyyppi?'.

    Quoted words keep their capitals: in a shouted title they are the emphasised phrase.
    """
    parts = re.split(r'("[^"]*"|”[^”]*”|“[^”]*”)', title)
    lowered = "".join(part if part[:1] in '"”“' else part.lower() for part in parts)
    for index, char in enumerate(lowered):
        if char.isalpha():
            return lowered[:index] + char.upper() + lowered[index + 1 :]
    return lowered


def parse(lines, source_name):
    """Yield the posts of a Blogger text; ``lines`` are the file's lines without ends."""
    day, post, body, closed, index_in_day, seen_keys = None, None, [], False, 0, {}
    for number, raw in enumerate(lines, start=1):
        text = clean(raw)
        date = parse_date_header(text) if text else None
        if date is False:
            raise ImportFormatError(
                f"{source_name}:{number}: {text!r} is not a real date: correct the day."
            )
        if date:
            if post is not None:
                yield _finish(post, body, day, index_in_day, source_name, seen_keys)
            day, post, closed, index_in_day = date, None, False, 0
            continue
        if not text:
            continue
        if day is None:
            raise ImportFormatError(
                f"{source_name}:{number}: text before the first date header: a Blogger "
                'day starts with a line such as "torstai 29. lokakuuta 2015".'
            )
        new_title = post is None or closed or (body and is_all_caps_title(text))
        if new_title and not _is_footer(text):
            if post is not None:
                yield _finish(post, body, day, index_in_day, source_name, seen_keys)
                index_in_day += 1
            post, body, closed = new_post(text, number), [], False
            if is_all_caps_title(post.title):
                post.notes.append(
                    note(
                        gettext_noop("Title was in capitals in the source: %(title)s"),
                        title=post.title,
                    )
                )
                post.title = sentence_case(post.title)
            continue
        if match := POSTED_BY.match(text):
            post.author_name = match.group("name")
            post.published_at = datetime.time(int(match.group("hour")), int(match.group("minute")))
            closed = True
        elif match := LABELS.match(text):
            post.tags.extend(label.strip() for label in match.group("labels").split(","))
            closed = True
        elif COMMENT_COUNT.match(text) or text in SHARE_LINKS:
            closed = True
        elif LOST_IMAGE_CAPTION.match(text):
            post.notes.append(
                note(gettext_noop("Left out caption of a lost image: %(text)s"), text=text)
            )
            post.images_lost += 1
        else:
            add_body_line(body, raw, post, source_name)
    if post is not None:
        yield _finish(post, body, day, index_in_day, source_name, seen_keys)


def _is_footer(text):
    return (
        bool(POSTED_BY.match(text) or LABELS.match(text) or COMMENT_COUNT.match(text))
        or text in SHARE_LINKS
    )


def _finish(post, body, day, index_in_day, source_name, seen_keys):
    if not any(clean(raw) for raw in body):
        raise ImportFormatError(f"{source_name}:{post.line}: the post {post.title!r} has no text.")
    post.body = body_markdown(body, post)
    time = post.published_at
    post.time_known = time is not None
    if time is None:
        # Blogger lists a day's posts newest first: keep that order a minute apart.
        minutes = UNKNOWN_TIME.hour * 60 - index_in_day
        time = datetime.time(minutes // 60, minutes % 60)
        post.notes.append(note(gettext_noop("The source gives the day but not the time of day.")))
    post.published_at = datetime.datetime.combine(day, time, tzinfo=HELSINKI)
    base = f"blogger:{day.isoformat()}:{slugify_fi(post.title)[:150]}"
    seen_keys[base] = seen_keys.get(base, 0) + 1
    post.key = base if seen_keys[base] == 1 else f"{base}:{seen_keys[base]}"
    if not post.author_name:
        post.notes.append(note(NO_AUTHOR))
    return post
