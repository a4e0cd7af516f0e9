"""Recorded platform answers (hand-written from each platform's documentation): vcrpy plays
them and refuses any request it has no answer for, so no test reaches a platform."""

from __future__ import annotations

from pathlib import Path

import pytest
import vcr

CASSETTES = Path(__file__).parent / "cassettes"
TOKEN = "EAAGm0PX4ZCpsBAFAKEtokenNeverShown1234567890"  # must appear nowhere but the header

platforms_vcr = vcr.VCR(
    cassette_library_dir=str(CASSETTES),
    record_mode="none",
    match_on=["method", "scheme", "host", "port", "path", "query"],
    filter_headers=["authorization", "access-token"],
    filter_query_parameters=["access_token", "appsecret_proof"],
    decode_compressed_response=True,
)


@pytest.fixture
def cassette():
    """Play the named cassette; the test fails if a recorded answer was not asked for."""

    def play(name: str):
        return platforms_vcr.use_cassette(f"{name}.yaml", allow_playback_repeats=False)

    return play
