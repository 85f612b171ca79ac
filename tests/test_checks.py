"""checks: the forms callback writes are recognised without parsing, and give what parsing gives."""

import contextlib
import uuid
from datetime import timezone

import pytest

from callback_cli import checks

STAMPS = [
    "2025-01-02T10:00:00Z",
    "1900-01-01T00:00:00Z",
    "2200-12-31T23:59:59Z",
    "2024-02-29T12:30:45Z",
    "2025-02-29T12:30:45Z",
    "2025-01-02T24:00:00Z",
    "2025-02-30T10:00:00Z",
    "1899-12-31T23:00:00Z",
    "2201-01-01T00:00:00Z",
    "2025-01-02T10:00:60Z",
    "2025-01-02T10:60:00Z",
    "2025-01-02 10:00:00Z",
    "2025-01-02T10:00:00.5Z",
    "2025-01-02t10:00:00z",
    "2025-01-02T10:00:00+02:00",
    "2025-01-02T10:00Z",
    "2025-01-02",
    "２０２５-01-02T10:00:00Z",
    "yesterday",
]


def _parsed(text):
    """utc_stamp the long way: parsed, then written in the journal's form."""
    when = checks.parse_stamp(text)
    return None if when is None else when.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


@pytest.mark.parametrize("text", STAMPS)
def test_a_stamp_in_the_journals_form_is_kept_as_parsing_would_write_it(text):
    assert checks.utc_stamp(text) == _parsed(text)
    assert checks.valid_stamp(text) == (_parsed(text) is not None)


UIDS = [
    "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b",
    "0190A1B2-C3D4-7E5F-8A9B-0C1D2E3F4A5B",
    "{0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b}",
    "0190a1b2c3d47e5f8a9b0c1d2e3f4a5b",
    "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5",
    "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5g",
    "urn:uuid:0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b",
    "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b\n",
]


@pytest.mark.parametrize("text", UIDS)
def test_a_uid_in_callbacks_form_is_one_uuid_writes_back_unchanged(text):
    if checks.uid_form(text):
        assert str(uuid.UUID(text)) == text
    else:  # read (and rewritten) as uuid reads it, or refused
        with contextlib.suppress(ValueError):
            assert str(uuid.UUID(text)) != text
