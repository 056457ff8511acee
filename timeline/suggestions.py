"""Draft events suggested from one sentence: date, title, kind and who makes the claim.

An editor turns a sentence into an event in one step (the Event admin's add form
with `?from_sentence=<pk>`); everything here is a first guess for them to check.

Rules:

- `when` is the sentence's first date mention that is not a duration. When that
  mention is a single exact day and a duration follows it in the same sentence
  ("On Tuesday … for 30 days"), the event becomes the span that starts that day
  and lasts the duration, both ends counted: `2025-03-18/2025-04-16` for 30
  days. Months, years, approximate days and intervals keep their own value.
  A sentence that gives only a duration ("30 Tage lang") gets the span of it
  from the nearest exact day reported within five sentences either side (else
  the publication date); a sentence with no date at all leaves `when` empty.
- The title is a short proposal ending at a whole word, for the editor to
  rewrite; the slug is made from it at word boundaries.
- `date_text` is the expression exactly as written ("Letzte Woche"); for a
  span built from a duration, both expressions joined by " … ".
- The attribution names who makes the claim when the sentence says so, by the
  table below: a speaker next to a speech verb ("Der Kreml sagte", "sagte der
  Kreml", "the White House said", "said a senior Ukrainian official"), or a
  source after "laut"/"according to"/"nach Angaben". Sources introduced by
  "laut"/"according to" win over speakers (in "Laut dem Protokoll sagte Putin"
  the readout is the claim's source, Putin its subject); otherwise the earliest
  speaker in the sentence wins. Known actors' names count as speakers too
  ("Trump said"). With no speaker, the publisher reports it:
  "<Publisher> (reporting)". Labels follow the seed timeline's ("Kremlin
  readout", "White House statement"), so new links group with existing ones.
- The kind is the first of order, agreement, proposal, pause, call, statement
  whose words appear in the sentence, else "other".
"""

import re

from timeline import dates
from timeline.models import Actor, Event

TITLE_LENGTH = 70
SLUG_LENGTH = 60
# How many sentences either side may date a sentence that gives only a duration.
NEAREST_DAY_REACH = 5
# Words a proposed title must not end on.
DANGLING_WORDS = {
    "de": {
        "und", "oder", "aber", "dass", "der", "die", "das", "den", "dem", "des", "ein", "eine",
        "einen", "einem", "einer", "zu", "zur", "zum", "mit", "von", "vom", "im", "in", "am",
        "an", "auf", "für", "bei", "nach", "über", "wie", "als", "sich", "nicht", "sein", "seine",
    },
    "en": {
        "and", "or", "but", "that", "the", "a", "an", "to", "of", "in", "on", "at", "for",
        "with", "by", "from", "as", "is", "was", "his", "her", "its", "their", "not",
    },
}  # fmt: skip

# Verbs that mark reported speech next to a speaker.
SPEECH_VERBS = {
    "de": (
        r"sagte|sagten|sagt|erklärte|erklärten|erklärt|teilte|teilten|betonte|betonten"
        r"|fügte|fügten|schrieb|beschrieb|meldete|berichtete|warnte|bestätigte|hieß es"
    ),
    "en": (
        r"said|says|added|stated|announced|told|wrote|warned|confirmed|reported"
        r"|insisted|stressed|described"
    ),
}
# Words that introduce the source of a claim before it ("laut dem Protokoll").
SOURCE_MARKERS = {
    "de": r"laut|nach Angaben|nach Darstellung",
    "en": r"according to|per",
}

# (attribution, German speaker pattern, English speaker pattern). Articles are
# part of the patterns so that "Kreml" in "Kreml-nah" or a compound is no speaker.
# fmt: off
SPEAKERS = [
    ("Kremlin readout",
     r"(?:der|dem|des)\s+Kremls?(?:-Protokoll)?|(?:das|dem)\s+Kreml-Protokoll"
     r"|(?:der\s+)?Kreml-?[Ss]precher(?:\s+Dmitri\s+Peskow)?",
     r"(?:the\s+)?Kremlin(?:['’]s)?(?:\s+(?:readout|statement|spokesman|spokesperson))?"
     r"(?:\s+Dmitry\s+Peskov)?"),
    ("White House statement",
     r"(?:das|dem|des)\s+Weißen?\s+Haus(?:es)?",
     r"(?:the\s+)?White\s+House(?:['’]s)?(?:\s+(?:readout|statement|spokeswoman|spokesman))?"
     r"(?:\s+press\s+secretary)?"),
    ("Official readout",
     r"(?:das|dem|des|den)\s+Protokolls?|(?:die|den)\s+Protokollen",
     r"(?:the\s+)?(?:call\s+)?readout"),
    ("Senior Ukrainian official",
     r"(?:ein|der|dem|einem)\s+(?:ranghohen?|ranghoher|hochrangigen?|hochrangiger)"
     r"\s+ukrainische[nr]?\s+(?:Beamten?|Beamter|Regierungsvertreter|Vertreter)",
     r"(?:a|the)\s+senior\s+Ukrainian\s+(?:official|government\s+official)"),
    ("Ukrainian officials",
     r"ukrainische\s+(?:Beamte|Regierungsvertreter)",
     r"Ukrainian\s+officials"),
    ("US officials",
     r"US-Beamte|US-Regierungsvertreter",
     r"US\s+officials|American\s+officials"),
]
# fmt: on

# (kind, word starts): the first kind with a word starting so in the sentence.
KIND_WORDS = [
    ("order", r"angewiesen|befahl|ordnete|Befehl|ordered|instructed"),
    ("agreement", r"unterzeichne|vereinbar|einigten sich|Einigung|signed|agreed to|agreement"),
    ("proposal", r"Vorschlag|vorgeschlagen|schlug|ins Spiel gebracht|propos|floated|suggested"),
    ("pause", r"\w*(?:waffenruhe|waffenstillstand|feuerpause)|ceasefire|truce|pause|halt"),
    ("call", r"Gespräch|Telefonat|telefonierte|phone|call\b"),
    ("statement", r"sagte|erklärte|betonte|beschrieb|said|stated|described|announced"),
]
_KINDS = [(kind, re.compile(rf"\b(?:{words})", re.IGNORECASE)) for kind, words in KIND_WORDS]


def _speaker_patterns(language, names):
    """[(attribution, compiled pattern, is_source_marker)] for `language` and actor `names`."""
    verbs, markers = SPEECH_VERBS[language], SOURCE_MARKERS[language]
    speakers = [(label, de if language == "de" else en) for label, de, en in SPEAKERS]
    speakers += [(label, alternatives) for label, alternatives in names]
    patterns = []
    for label, speaker in speakers:
        speaker = f"(?:{speaker})"
        patterns.append(
            (label, re.compile(rf"\b(?:{markers})\s+{speaker}(?!\w)", re.IGNORECASE), True)
        )
        if language == "de":
            # "dem Kreml zufolge"
            patterns.append((label, re.compile(rf"\b{speaker}\s+zufolge\b", re.IGNORECASE), True))
        patterns.append(
            (
                label,
                re.compile(
                    rf"\b(?:{speaker}\s+(?:{verbs})|(?:{verbs})\s+{speaker})(?!\w)", re.IGNORECASE
                ),
                False,
            )
        )
    return patterns


def _actor_alternatives(actors):
    """[(name, pattern)]: each actor answers to its full name and, for people, its surname."""
    alternatives = []
    for actor in actors:
        name = getattr(actor, "name", actor)
        kind = getattr(actor, "kind", "")
        # "Russia (the Kremlin)" is called "Russia" in running text.
        plain = re.sub(r"\s*\(.*?\)", "", name).strip()
        if not plain:
            continue
        words = [re.escape(plain)]
        if kind == "person" and " " in plain:
            words.append(re.escape(plain.rsplit(" ", 1)[1]))
        alternatives.append((name, "|".join(words)))
    return alternatives


def guess_attribution(text, language, actors=()):
    """Who makes the claim in `text` by the speaker table and `actors` (Actors or names); or ""."""
    if language not in SPEECH_VERBS:
        return ""
    found = []
    for label, pattern, is_source in _speaker_patterns(language, _actor_alternatives(actors)):
        match = pattern.search(text)
        if match:
            found.append((not is_source, match.start(), label))
    return min(found)[2] if found else ""


def guess_kind(text):
    """The event kind whose words appear first in the table order, else "other"."""
    for kind, pattern in _KINDS:
        if pattern.search(text):
            return kind
    return "other"


def suggest_when(mentions, reported_day=None):
    """(EDTF, as written) for an event from a sentence's date `mentions`; ("", "") if none.

    A sentence that gives only a duration ("30 Tage lang") becomes the span of
    that duration from `reported_day`, the nearest day the article reports.
    """
    dated = [m for m in mentions if m.kind != "duration"]
    durations = [m for m in mentions if m.kind == "duration"]
    if not dated:
        if durations and reported_day:
            duration = dates.Duration.parse(durations[0].edtf)
            return duration.span_from(reported_day), durations[0].text
        return "", ""
    first = dated[0]
    when = dates.parse(first.edtf)
    if when.shape == "point" and when.precision == "day" and not when.start.qualified:
        following = [m for m in durations if m.start >= first.end]
        if following:
            duration = dates.Duration.parse(following[0].edtf)
            if duration.last_day(when.lower) > when.lower:
                return duration.span_from(when.lower), f"{first.text} … {following[0].text}"
    return first.edtf, first.text


def nearest_reported_day(sentence, reach=NEAREST_DAY_REACH):
    """The nearest exact day the article reports around `sentence`, else its publication date."""
    source = sentence.source
    nearby = source.sentences.filter(
        is_boilerplate=False,
        position__gte=sentence.position - reach,
        position__lte=sentence.position + reach,
    ).exclude(pk=sentence.pk)
    for other in sorted(nearby, key=lambda s: (abs(s.position - sentence.position), s.position)):
        other.source = source
        for mention in other.date_mentions():
            if mention.kind == "date" and not dates.parse(mention.edtf).start.qualified:
                return dates.parse(mention.edtf).lower
    return source.published_on


def suggest_title(text, language):
    """A short title proposed from the sentence: at most TITLE_LENGTH characters, ending at a
    whole word (never a dangling "and", "der" or "…"); the editor is expected to rewrite it."""
    words = " ".join(text.split()).rstrip(".!?:;, ").split(" ")
    title = []
    for word in words:
        if len(" ".join([*title, word])) > TITLE_LENGTH:
            break
        title.append(word)
    title = title or words[:1]
    dangling = DANGLING_WORDS.get(language, ())
    while len(title) > 1 and (title[-1].lower().strip(",;:–-") in dangling or title[-1] in "–-"):
        title.pop()
    return " ".join(title).rstrip(".,;:–- „“\"'")


def suggest_event(sentence):
    """A draft event from `sentence`: Event field values plus `sentence` and `attribution`."""
    source = sentence.source
    mentions = sentence.date_mentions()
    only_durations = mentions and all(m.kind == "duration" for m in mentions)
    when, date_text = suggest_when(
        mentions, nearest_reported_day(sentence) if only_durations else None
    )
    title = suggest_title(sentence.text, source.language)
    attribution = guess_attribution(
        sentence.text, source.language, Actor.objects.only("name", "kind")
    )
    return {
        "title": title,
        "slug": Event.objects.unique_slug(title, SLUG_LENGTH, "event"),
        "when": when,
        "date_text": date_text,
        "kind": guess_kind(sentence.text),
        "status": Event.Status.DRAFT,
        "sentence": sentence,
        "attribution": attribution or f"{source.publisher} (reporting)",
    }
