"""The CSV export of the German sample opens in LibreOffice Calc with umlauts intact (headless conversion)."""

import re
import subprocess
import zipfile

import pytest

from support.paths import ROOT

pytestmark = [pytest.mark.libreoffice, pytest.mark.slow]
UTF8_CSV = "CSV:44,34,76,1"  # comma, double quote, UTF-8 (what the import dialog offers for a BOM file), from row 1


def test_german_csv_opens_in_libreoffice_with_umlauts(jm, tmp_path):
    assert jm("render", ROOT / "samples/bank-account", "-o", tmp_path, "-f", "csv").code == 0
    csv_file = tmp_path / "kontoeroeffnung.csv"
    done = subprocess.run(["soffice", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                           "--norestore", f"--infilter={UTF8_CSV}", "--convert-to", "xlsx", "--outdir",
                           str(tmp_path / "xlsx"), str(csv_file)], capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    with zipfile.ZipFile(tmp_path / "xlsx" / "kontoeroeffnung.xlsx") as book:
        texts = re.findall(r"<t[^>]*>([^<]*)</t>", book.read("xl/sharedStrings.xml").decode("utf-8"))
        rows = book.read("xl/worksheets/sheet1.xml").decode("utf-8").count("<row ")
    assert "Günther, 61, wechselt von der Sparkasse" in texts
    assert "Lässt sich in der Filiale beraten" in texts
    assert not [t for t in texts if "Ã" in t or "\ufeff" in t]          # no mojibake, the BOM is not a character
    assert rows == len(csv_file.read_text(encoding="utf-8-sig").splitlines())
