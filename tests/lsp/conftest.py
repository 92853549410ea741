"""One `journeymap lsp` process per test module, driven over stdio by pytest-lsp's client."""

from __future__ import annotations

import pytest
import pytest_lsp
from pytest_lsp import LanguageClient

from support.lsp import CONFIG, initialize


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    """The folder the client opens as its workspace; each test writes its maps in a folder of its own."""
    return tmp_path_factory.mktemp("workspace")


@pytest_lsp.fixture(scope="module", config=CONFIG)
async def client(lsp_client: LanguageClient, workspace):
    await initialize(lsp_client, workspace)
    yield
    await lsp_client.shutdown_session()
