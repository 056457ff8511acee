"""`manage.py find_dates`: date expressions in a text file, as TSV or JSON."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError


def find_dates(path, *options, language="de", published="2025-03-18"):
    """What the command prints for `path`."""
    stdout = StringIO()
    call_command(
        "find_dates",
        str(path),
        "--language",
        language,
        "--published",
        published,
        *options,
        stdout=stdout,
    )
    return stdout.getvalue()


def test_tsv_is_the_default_and_its_offsets_slice_the_file_text(seed_article):
    text = seed_article.read_bytes().decode("utf-8")
    rows = [line.split("\t") for line in find_dates(seed_article).splitlines()]
    assert len(rows) == 14
    assert all(len(row) == 4 for row in rows)
    for start, end, expression, _ in rows:
        assert text[int(start) : int(end)] == expression
    assert ["am Dienstag", "2025-03-18"] in [row[2:] for row in rows]
    assert ["30 Tage lang", "P30D"] in [row[2:] for row in rows]
    assert rows[0][2:] == ["2024", "2024"]


def test_tsv_and_json_report_the_same_expressions(seed_article):
    tsv = [line.split("\t") for line in find_dates(seed_article, "--format", "tsv").splitlines()]
    rows = json.loads(find_dates(seed_article, "--format", "json"))
    assert [[str(r["start"]), str(r["end"]), r["text"], r["edtf"]] for r in rows] == tsv


def test_json_is_an_indented_list_of_objects_without_escaped_umlauts(seed_article):
    output = find_dates(seed_article, "--format", "json")
    rows = json.loads(output)
    assert set(rows[0]) == {"start", "end", "text", "edtf"}
    assert rows[12] == {
        "start": 5108,
        "end": 5129,
        "text": "In den letzten Wochen",
        "edtf": "2025-02~/2025-03-18",
    }
    assert '"30-tägige"' in output
    assert output.startswith("[\n  {")


def test_english_text(tmp_path):
    article = tmp_path / "article.txt"
    article.write_text(
        "Trump spoke to Putin on Tuesday about a 30-day ceasefire.", encoding="utf-8"
    )
    assert find_dates(article, language="en") == (
        "21\t31\ton Tuesday\t2025-03-18\n40\t46\t30-day\tP30D\n"
    )


def test_dates_ahead_are_read_forward(tmp_path):
    # An article of Wednesday 19 March 2025: a future clause, a range ending ahead, a holiday.
    article = tmp_path / "article.txt"
    article.write_text(
        "Trump will am Freitag mit Putin sprechen. Die Waffenruhe gilt bis Freitagabend. "
        "Am Donnerstag sprach er mit Selenskyj. Bis Ostern soll ein Abkommen stehen.",
        encoding="utf-8",
    )
    rows = [
        line.split("\t")[2:] for line in find_dates(article, published="2025-03-19").splitlines()
    ]
    assert rows == [
        ["am Freitag", "2025-03-21"],
        ["bis Freitagabend", "2025-03-19/2025-03-21"],
        ["Am Donnerstag", "2025-03-13"],
        ["Bis Ostern", "2025-03-19/2025-04-20"],
    ]


def test_one_day_in_a_period_is_printed_as_an_edtf_set(tmp_path):
    article = tmp_path / "article.txt"
    article.write_text("Kyiv agreed last week; the vote was on 2025-03-11.", encoding="utf-8")
    assert find_dates(article, language="en") == (
        "12\t21\tlast week\t[2025-03-10..2025-03-16]\n36\t49\ton 2025-03-11\t2025-03-11\n"
    )


def test_no_expressions_prints_nothing_or_an_empty_list(tmp_path):
    article = tmp_path / "article.txt"
    article.write_text(
        "Die Gespräche mit Kiew, die mit Spannung erwartet wurden.", encoding="utf-8"
    )
    assert find_dates(article) == ""
    assert json.loads(find_dates(article, "--format", "json")) == []


def test_offsets_count_characters_of_the_file_as_written(tmp_path):
    # Windows line endings stay in the text, so offsets still slice the raw file.
    article = tmp_path / "article.txt"
    article.write_bytes("Ärger.\r\nÖl floss im Oktober.\r\n".encode())
    (line,) = find_dates(article).splitlines()
    start, end, expression, edtf = line.split("\t")
    assert article.read_bytes().decode("utf-8")[int(start) : int(end)] == expression
    assert (expression, edtf) == ("im Oktober", "2024-10")


def test_line_breaks_inside_an_expression_are_escaped(tmp_path):
    article = tmp_path / "article.txt"
    article.write_text("Sie sprachen am\nDienstag.", encoding="utf-8")
    assert find_dates(article) == "13\t24\tam\\nDienstag\t2025-03-18\n"


def test_missing_file_is_a_command_error(tmp_path):
    with pytest.raises(CommandError, match="does not exist"):
        find_dates(tmp_path / "missing.txt")


def test_directory_is_a_command_error(tmp_path):
    with pytest.raises(CommandError, match="is not a file"):
        find_dates(tmp_path)


def test_file_that_is_not_utf8_is_a_command_error(tmp_path):
    article = tmp_path / "latin1.txt"
    article.write_bytes("Gespräch im März".encode("latin-1"))
    with pytest.raises(CommandError, match=r"is not UTF-8 text \(byte 5 is 0xe4\)"):
        find_dates(article)


@pytest.mark.parametrize("language", ["fr", "DE", "german"])
def test_unsupported_language_is_a_command_error(seed_article, language):
    with pytest.raises(
        CommandError, match=f"invalid choice: '{language}' \\(choose from 'de', 'en'\\)"
    ):
        find_dates(seed_article, language=language)


@pytest.mark.parametrize(
    ("published", "message"),
    [
        ("2025-02-30", "2025-02-30 is not a real date"),
        ("2025-13-01", "2025-13-01 is not a real date"),
        ("18.03.2025", "'18.03.2025' is not a date in the form YYYY-MM-DD"),
        ("yesterday", "'yesterday' is not a date in the form YYYY-MM-DD"),
        ("20250318", "'20250318' is not a date in the form YYYY-MM-DD"),
    ],
)
def test_invalid_publication_date_is_a_command_error(seed_article, published, message):
    with pytest.raises(CommandError, match=message):
        find_dates(seed_article, published=published)


def test_unknown_format_is_a_command_error(seed_article):
    with pytest.raises(CommandError, match="invalid choice: 'csv'"):
        find_dates(seed_article, "--format", "csv")


def test_language_and_publication_date_are_required(seed_article):
    with pytest.raises(CommandError, match="--language, --published"):
        call_command("find_dates", str(seed_article), stdout=StringIO())
