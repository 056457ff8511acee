from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import path

from timeline import views
from timeline.caching import cached_public_page
from timeline.feeds import SITEMAPS

# Data, feeds and machinery: one address each, whatever the reader's language.
urlpatterns = [
    path("events/timelinejs.json", views.events_timelinejs, name="events-timelinejs"),
    path("events.json", views.events_json, name="events-json"),
    path("events.ics", views.events_ics, name="events-ics"),
    path("feed/", views.event_feed, name="event-feed"),
    path("sitemap.xml", cached_public_page(sitemap), {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("ceasefires.csv", views.ceasefires_csv, name="ceasefires-csv"),
    path("csp-report/", views.csp_report, name="csp-report"),
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
]

# Pages: English at /, German at /de/..., so a shared or cached address names its language.
urlpatterns += i18n_patterns(
    path("", views.event_list, name="event-list"),
    path("embed/", views.embed, name="event-embed"),
    # Fixed routes under events/ must be in models.RESERVED_EVENT_SLUGS (a test checks).
    path("events/table/", views.EventTableView.as_view(), name="event-table"),
    path("events/<slug:slug>/", views.event_detail, name="event-detail"),
    path("events/<slug:slug>/v/<int:number>/", views.event_version, name="event-version"),
    path("sources/<slug:slug>/", views.source_detail, name="source-detail"),
    path("ceasefires/<slug:slug>/", views.ceasefire_detail, name="ceasefire-detail"),
    prefix_default_language=False,
)
