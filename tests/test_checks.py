"""checks: the forms callback writes are recognised without parsing, and give what parsing gives."""

import contextlib
import uuid
from datetime import timezone

import pytest
from streaming import STAMPS, UIDS

from callback_cli import checks


def _parsed(text):
    """utc_stamp the long way: parsed, then written in the journal's form."""
    when = checks.parse_stamp(text)
    return None if when is None else when.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


@pytest.mark.parametrize("text", STAMPS)
def test_a_stamp_in_the_journals_form_is_kept_as_parsing_would_write_it(text):
    assert checks.utc_stamp(text) == _parsed(text)
    assert checks.valid_stamp(text) == (_parsed(text) is not None)


@pytest.mark.parametrize("text", UIDS)
def test_a_uid_in_callbacks_form_is_one_uuid_writes_back_unchanged(text):
    if checks.uid_form(text):
        assert str(uuid.UUID(text)) == text
    else:  # read (and rewritten) as uuid reads it, or refused
        with contextlib.suppress(ValueError):
            assert str(uuid.UUID(text)) != text
