"""Reading the seed texts: what the scraper broke is mended, and a seed that changed fails loudly."""

import pytest

from demo.text import Block, Seed, SeedError, body, rich_text

BNLD = "001_b940b247dc7e18e3.txt"
PARTNERSHIP = "004_3fb1c1e1f06c3cd5.txt"


def test_a_page_the_scraper_repeated_is_read_once():
    seed = Seed(BNLD)
    assert len(seed.blocks) == 5
    assert seed.index("This project “CSOs networking") == 4


def test_a_paragraph_broken_in_two_is_joined_and_list_items_are_recognised():
    seed = Seed(PARTNERSHIP)
    assert seed.text("The target group is").endswith("other relevant civil society organizations/ networks.")
    assert [block.text[:20] for block in seed.blocks if block.kind == "li"] == [
        "Coordination and con",
        "Coordination and com",
        "Preparation and impl",
        "Reporting on the imp",
    ]


@pytest.mark.parametrize(
    "options",
    [
        {"corrections": {"a phrase the text never had": "x"}},
        {"omit": ["A line the page never had"]},
        {"headings": {"A heading the page never had": "h2"}},
    ],
)
def test_expectations_the_text_no_longer_meets_fail_loudly(options):
    with pytest.raises(SeedError, match="not in the text"):
        Seed(BNLD, **options)


def test_passages_must_be_in_the_text():
    seed = Seed(BNLD)
    with pytest.raises(SeedError):
        seed.quote("a sentence nobody wrote")
    with pytest.raises(SeedError):
        seed.excerpt("BNLD is launching", "a sentence nobody wrote")


def test_rich_text_makes_one_list_of_consecutive_items_and_escapes_text():
    html = rich_text([Block("p", "Tom & Jerry:"), Block("li", "one"), Block("li", "two"), Block("p", "End.")])
    assert html == "<p>Tom &amp; Jerry:</p><ul><li>one</li><li>two</li></ul><p>End.</p>"


def test_body_puts_headings_between_runs_of_rich_text():
    stream = body([Block("p", "Intro."), Block("h2", "Section"), Block("li", "item")])
    assert stream == [
        {"type": "paragraph", "value": "<p>Intro.</p>"},
        {"type": "heading", "value": {"text": "Section", "level": "h2"}},
        {"type": "paragraph", "value": "<ul><li>item</li></ul>"},
    ]
