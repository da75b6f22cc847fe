"""A library's location as it is shown and remembered: never a password."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.locations import same_library, server_address, short_name, shown

SHOWN = [
    ("postgresql://alice:s3cret@db.example/inv", "postgresql://alice@db.example/inv"),
    ("postgresql://alice@db.example/inv?password=s3cret", "postgresql://alice@db.example/inv"),
    (
        "postgresql+psycopg://alice:s3cret@db.example:5433/inv?sslmode=require",
        "postgresql://alice@db.example:5433/inv?sslmode=require",
    ),
    ("postgresql://alice@db.example/inv?sslmode=prefer", "postgresql://alice@db.example/inv"),
]


@pytest.mark.parametrize(("address", "expected"), SHOWN)
def test_a_server_address_is_shown_without_its_password(address: str, expected: str) -> None:
    assert shown(address) == expected
    assert "s3cret" not in shown(address)


def test_a_folder_is_shown_as_its_resolved_path(tmp_path: Path) -> None:
    (tmp_path / "lib").mkdir()
    assert shown(str(tmp_path / "x" / ".." / "lib")) == str((tmp_path / "lib").resolve())
    assert same_library(tmp_path / "lib", str(tmp_path / "lib") + "/")
    assert not same_library(tmp_path / "lib", tmp_path / "other")


def test_two_addresses_that_differ_by_a_password_are_one_library() -> None:
    assert same_library("postgresql://alice:a@db/inv", "postgresql://alice@db/inv")
    assert not same_library("postgresql://alice@db/inv", "postgresql://bob@db/inv")


ADDRESSES = [
    (
        ("db.example", 5432, "inv", "alice", ""),
        "postgresql://alice@db.example/inv",
        "inv on db.example",
    ),
    (
        ("db.example", 6543, "inv", "alice", "pw"),
        "postgresql://alice:pw@db.example:6543/inv",
        "inv on db.example",
    ),
    (("", 5432, "inv", "", ""), "postgresql:///inv", "inv on this computer"),
    (
        ("/var/run/postgresql", 5433, "inv", "alice", ""),
        "postgresql://alice@/inv?host=%2Fvar%2Frun%2Fpostgresql&port=5433",
        "inv on this computer",
    ),
]


@pytest.mark.parametrize(("parts", "address", "name"), ADDRESSES)
def test_the_dialogs_fields_make_an_address(parts: tuple, address: str, name: str) -> None:
    made = server_address(*parts)
    assert made == address
    assert short_name(made) == name
    assert "pw" not in shown(made).split("@")[0]
