"""For subscribers and crawlers: the Atom feed of new and changed events, and the sitemaps.

Both are Django's own frameworks (syndication and sitemaps) over published
events only; a draft never appears in either.
"""

from django.contrib.sitemaps import Sitemap
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from timeline.models import Event, Source

# The feed is for catching up, not an archive: the full list is /events.json.
FEED_ENTRIES = 50


def _with_query(path, query):
    return f"{path}?{query}" if query else path


class EventFeed(Feed):
    """Atom: the most recently created or changed of `events`, newest change first."""

    feed_type = Atom1Feed
    title = _("Ceasefire Timeline: new and changed events")
    subtitle = _("Events of the ceasefire reporting, each linked to the sentences that support it.")
    author_name = _("Ceasefire Timeline")

    def __init__(self, events, query=""):
        """`events`: published events, already filtered; `query`: the filters' query string."""
        super().__init__()
        self.events = events
        self.query = query

    def link(self):
        """The timeline with the same filters."""
        return _with_query(reverse("event-list"), self.query)

    def feed_url(self):
        return _with_query(reverse("event-feed"), self.query)

    def items(self):
        return self.events.order_by("-updated", "-pk")[:FEED_ENTRIES]

    def item_title(self, event):
        return event.title

    def item_description(self, event):
        """Atom summaries are HTML: the date as readers see it and the summary, escaped."""
        if event.summary:
            return format_html("<p>{}</p><p>{}</p>", event.when_display, event.summary)
        return format_html("<p>{}</p>", event.when_display)

    def item_link(self, event):
        return event.get_absolute_url()

    def item_pubdate(self, event):
        return event.created

    def item_updateddate(self, event):
        return event.updated

    def item_categories(self, event):
        return [event.get_kind_display()]


class EventSitemap(Sitemap):
    """Every published event's permalink, with when it last changed."""

    def items(self):
        return Event.objects.published().only("slug", "updated")

    def lastmod(self, event):
        return event.updated


class SourceSitemap(Sitemap):
    """Every article in the reader."""

    def items(self):
        return Source.objects.only("slug", "updated")

    def lastmod(self, source):
        return source.updated


class PageSitemap(Sitemap):
    """The timeline and the table."""

    def items(self):
        return ["event-list", "event-table"]

    def location(self, name):
        return reverse(name)


SITEMAPS = {"pages": PageSitemap, "events": EventSitemap, "sources": SourceSitemap}
