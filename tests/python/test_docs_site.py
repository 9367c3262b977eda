"""`make docs`: dbt's documentation as one static page that opens with no network.

The page must carry every rule's "Why it matters" and "How to remediate" paragraphs (written
once, in models/rules/rule_<name>.yml) and load nothing from the internet.
"""

from __future__ import annotations

import re

import yaml
from conftest import PROJECT_DIR, DbtProject, assert_succeeded

RULE_DOCS = sorted((PROJECT_DIR / "models" / "rules").glob("rule_*.yml"))
# A tag that loads a script, a style sheet or an image from the network.
REMOTE_LOAD = re.compile(r"<(?:script|link|img)\b[^>]*\b(?:src|href)=[\"']?(?:https?:)?//", re.I)


def paragraph_start(description: str, heading: str) -> str:
    """The first words of the paragraph that starts with `heading`, as plain text.

    The page holds the description inside a JSON string, so only the words up to the first
    character JSON or Markdown could change (a quote, a backtick, a line end) are compared.
    """
    start = description.index(heading)
    text = " ".join(description[start:].split())
    return re.match(r"[A-Za-z0-9 ,.:;()-]+", text).group(0)[:60]


def test_rule_docs_are_found() -> None:
    """The rules' YAML files exist and each explains why it matters and how to remediate."""
    assert len(RULE_DOCS) >= 10
    for path in RULE_DOCS:
        (model,) = yaml.safe_load(path.read_text())["models"]
        for heading in ("Why it matters:", "How to remediate:"):
            assert heading in model["description"], f"{path.name} has no {heading!r} paragraph"


def test_static_docs_page_is_offline_and_explains_every_rule(project: DbtProject) -> None:
    """`dbt docs generate --static` (what `make docs` runs) writes one self-contained page."""
    assert_succeeded(project.dbt("docs", "generate", "--static"))
    page = (project.root / "target" / "static_index.html").read_text(encoding="utf-8")

    assert REMOTE_LOAD.search(page) is None, REMOTE_LOAD.search(page).group(0)
    for path in RULE_DOCS:
        (model,) = yaml.safe_load(path.read_text())["models"]
        assert model["name"] in page
        for heading in ("Why it matters:", "How to remediate:"):
            words = paragraph_start(model["description"], heading)
            assert words in page, f"{model['name']}: {words!r} is not on the page"


def test_remote_load_pattern_catches_a_cdn_script() -> None:
    """The offline check is not vacuous: a CDN script or style sheet is caught."""
    assert REMOTE_LOAD.search('<script src="https://cdn.plot.ly/plotly.min.js"></script>')
    assert REMOTE_LOAD.search("<link rel=stylesheet href=//fonts.googleapis.com/css>")
    assert REMOTE_LOAD.search('<script src="assets/app.js"></script>') is None
