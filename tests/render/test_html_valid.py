"""Every HTML page journeymap makes is valid HTML: the W3C Nu validator (vnu-jar, Java) finds 0 errors.

vnu-jar comes from npm into .tools/web (`scripts/install.sh --for-tests`); Java is Debian's
default-jre-headless, which setup installs for the Spark engine anyway. One validator run checks
every page (the JVM starts once): support/page_checks.py.
"""

from __future__ import annotations

import pytest

from support.page_checks import validate_html
from support.report_pages import STATIC, pages  # noqa: F401  (pages is a fixture: every report journeymap writes)
from support.serving import Server, client, copy_samples, wait_until


@pytest.mark.graphviz
def test_every_report_is_valid_html(pages, tmp_path):  # noqa: F811
    files = [pages[name] for name in STATIC]
    assert len(files) == len(set(files)) >= 10
    assert validate_html(files) == {}


def test_every_served_page_is_valid_html(tmp_path):
    folder = copy_samples(tmp_path)
    server = Server(folder, "--edit")
    saved = tmp_path / "served"
    saved.mkdir()
    try:
        with client(server) as http:
            wanted = {"index": "/", "map": "/map/online-shop/first-purchase.journey.yaml",
                      "projector": "/map/online-shop/first-purchase.journey.yaml?view=projector",
                      "map-de": "/map/bank-account/kontoeroeffnung.journey.yaml",
                      "projector-de": "/map/bank-account/kontoeroeffnung.journey.yaml?view=projector"}
            for name, where in wanted.items():
                answer = http.get(where)
                assert answer.status_code == 200, where
                (saved / f"{name}.html").write_text(answer.text, encoding="utf-8")
            broken = folder / "cafe" / "morning-coffee.journey.yaml"
            broken.write_text(broken.read_text(encoding="utf-8").replace("phases:", "phases: 3\nunknown-key:", 1),
                              encoding="utf-8")
            wait_until(lambda: "[schema]" in http.get("/map/cafe/morning-coffee.journey.yaml").text)
            (saved / "findings.html").write_text(http.get("/map/cafe/morning-coffee.journey.yaml").text,
                                                 encoding="utf-8")
    finally:
        assert server.stop() == 0
    assert validate_html(sorted(saved.iterdir())) == {}


def test_the_validator_finds_errors_in_invalid_html(tmp_path):
    """The check can fail: a page with a duplicate id and a misplaced element has errors, with their lines."""
    page = tmp_path / "bad.html"
    page.write_text('<!doctype html>\n<html lang="en"><title>x</title>\n<p id="a">one</p><p id="a">two</p>\n'
                    '<table><div>no</div></table>\n</html>\n', encoding="utf-8")
    errors = validate_html([page])["bad.html"]
    assert any("Duplicate ID" in line and line.startswith("3:") for line in errors), errors
