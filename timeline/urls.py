from django.contrib import admin
from django.urls import path

from timeline import views

urlpatterns = [
    path("", views.event_list, name="event-list"),
    # Fixed routes under events/ must be in models.RESERVED_EVENT_SLUGS (a test checks).
    path("events/table/", views.EventTableView.as_view(), name="event-table"),
    path("events/<slug:slug>/", views.event_detail, name="event-detail"),
    path("sources/<slug:slug>/", views.source_detail, name="source-detail"),
    path("ceasefires.csv", views.ceasefires_csv, name="ceasefires-csv"),
    path("ceasefires/<slug:slug>/", views.ceasefire_detail, name="ceasefire-detail"),
    path("csp-report/", views.csp_report, name="csp-report"),
    path("admin/", admin.site.urls),
]
