"""Other apps' JSON streams: a list of objects, or an object holding the list under a key
("auditions", or its only list), is parsed an object at a time from the file on each of the
importer's passes, never held whole, and imports as it did when json.loads read it whole:
the same records, the same warnings (the keys beside the list "about the file", keys no field
takes named as not kept), the same errors. The file's reads are made small here, so that a
few objects cross every boundary a big file would."""

from __future__ import annotations

import json
import random
from datetime import date

import pytest
from streaming import reading_memory

from callback_cli import importing
from callback_cli.errors import BadInput, ImportRowsError
from callback_cli.importing import json_file

TODAY = date(2026, 3, 11)


def whole_items(text: str):
    """What items gave when it read the file whole (json.loads), as (objects, outside, key)."""
    doc = json.loads(text)
    key, outside = None, []
    if isinstance(doc, dict) and not any(isinstance(v, list) for v in doc.values()):
        # an API's envelope: the one object holding a list of objects
        inner = [k for k, v in doc.items() if isinstance(v, dict) and json_file._holds_objects(v)]
        if len(inner) == 1:
            outside = [k for k in doc if k != inner[0]]
            doc = doc[inner[0]]
    if isinstance(doc, dict):
        lists = [k for k, v in doc.items() if isinstance(v, list)]
        key = "auditions" if isinstance(doc.get("auditions"), list) else lists[0] if len(lists) == 1 else None
        if key is not None:
            outside += [k for k in doc if k != key]
            doc = doc[key]
        elif doc:
            doc = [doc]
    return (list(enumerate(doc, 1)) if isinstance(doc, list) else doc), outside, key


def gives_a_key_twice(text: str) -> bool:
    """Whether any object of the JSON text gives a key twice (json.loads would keep the last)."""
    twice = []
    json.loads(
        text, object_pairs_hook=lambda pairs: twice.append(len(dict(pairs)) < len(pairs)) or dict(pairs)
    )
    return any(twice)


def random_value(rnd: random.Random, depth: int = 0):
    plain = [1, -12345678901234567890, 3.5e10, 2.5, 1e-7, "x" * rnd.randint(0, 30), 'é\u2028"\\', None, True]
    if depth > 2 or rnd.random() < 0.5:
        return rnd.choice(plain)
    if rnd.random() < 0.5:
        return [random_value(rnd, depth + 1) for _ in range(rnd.randint(0, 3))]
    return {rnd.choice(["a", "b", "date", "auditions"]): random_value(rnd, depth + 1) for _ in range(3)}


def random_doc(rnd: random.Random) -> str:
    objects = [
        {"date": f"2025-01-{n:02d}", "projectName": f"Show {n}", "extra": random_value(rnd)}
        for n in range(1, rnd.randint(0, 6) + 1)
    ]
    shape = rnd.randrange(4)
    if shape == 0:
        doc: object = objects
        text = json.dumps(doc, indent=rnd.choice([None, 1]))
    else:
        members = [(k, random_value(rnd)) for k in rnd.sample(["exportedAt", "meta", "data", "n"], 2)]
        members.insert(rnd.randrange(3), (rnd.choice(["auditions", "data", "items"]), objects))
        if shape == 2:  # a key given twice: refused (json.loads would keep the last value)
            members.append((rnd.choice([k for k, _ in members]), rnd.choice([objects, 5, [1]])))
        sep = rnd.choice([", ", ",\n  ", ","])
        text = "{" + sep.join(f"{json.dumps(k)}: {json.dumps(v)}" for k, v in members) + "}"
    return rnd.choice(["", " ", "\n"]) + text + rnd.choice(["", "\r\n"])


# ---- the JSON layer ----------------------------------------------------------------------------
def test_another_apps_json_is_read_an_object_at_a_time_as_json_loads_reads_it(tmp_path, monkeypatch):
    rnd = random.Random(9)
    path = tmp_path / "app.json"
    streamed = 0
    for chunk in (1, 2, 3, 7, 64):  # every value and key cut at every place by the end of a read
        monkeypatch.setattr(json_file, "_CHUNK", chunk)
        for _ in range(50):
            text = random_doc(rnd)
            path.write_text(text, encoding="utf-8", newline="")
            if gives_a_key_twice(text):  # refused, streamed or read whole: never a silent loss
                with pytest.raises(BadInput, match="is given twice in one object"):
                    found, _, _ = json_file.items(path, "json")
                    list(found)
                continue
            found, outside, key = json_file.items(path, "json")
            want = whole_items(text)
            if not isinstance(found, list):
                streamed += 1
                assert list(found) == want[0]  # and again, from the file
            assert (list(found), outside, key) == want
    assert streamed > 100  # a single object, or no list, is still read whole


@pytest.mark.parametrize(
    "text",
    [
        '[{"date": "2025-01-02"},]',
        '{"auditions": [{"a": 1}], }',
        '{"auditions": [{"a": 1}]} x',
        '{"auditions" [1]}',
        "{auditions: [1]}",
        '[{"date": "2025-01-02", "project": "A"}',
        '{"data": [1], "data": [2] "x": 1}',
        '[{"a": 1}, {"a": 2}] [3]',
        '[{"a": 1}, {"a": 2}, {"a": 3',
        '[{"a": 1}, {"a": 2}, nul]',
    ],
)
def test_json_that_json_loads_refuses_is_named_as_it_always_was(tmp_path, monkeypatch, text):
    monkeypatch.setattr(json_file, "_CHUNK", 3)
    path = tmp_path / "bad.json"
    path.write_text(text)
    with pytest.raises(ValueError) as loads:
        json.loads(text)
    with pytest.raises(BadInput) as caught:  # a list is checked as it is read: on the first pass
        list(json_file.items(path, "json")[0])
    assert str(caught.value) == f"{path} is not valid JSON ({loads.value})"
    for deep in ('{"auditions": [' + "[" * 100_000 + "]" * 100_000 + "]}", "[" * 100_000 + "]" * 100_000):
        path.write_text(deep)
        with pytest.raises(BadInput, match="nested too deeply"):
            list(json_file.items(path, "json")[0])


def test_a_json_file_changed_between_passes_is_refused(tmp_path):
    path = tmp_path / "app.json"
    path.write_text(json.dumps({"auditions": [{"date": "2025-01-02", "projectName": "A"}]}))
    found, _, _ = json_file.items(path, "json")
    assert list(found) == [(1, {"date": "2025-01-02", "projectName": "A"})]
    path.write_text(json.dumps({"auditions": [{"date": "2025-01-02", "projectName": "Changed"}]}))
    with pytest.raises(BadInput, match="changed while it was being read"):
        list(found)


@pytest.mark.parametrize("shape", ["list under a key", "list", "lines"])
def test_memory_is_an_objects_not_the_files(tmp_path, monkeypatch, shape):
    """An 8 MB JSON export of another app: what its passes hold is a read of the file (64 KiB
    here, 1 MiB as shipped; a line of JSON Lines), the objects it holds and a read of the
    cells kept aside: a small part of the file."""
    monkeypatch.setattr(json_file, "_CHUNK", 1 << 16)
    # callback's own JSON Lines reader holds its first PEEK lines (1,000) before it tells the
    # file is another app's: a few here, so that what is measured is this reading
    monkeypatch.setattr(json_file, "PEEK", 3)
    note = "a long note about the room " * 150  # 4 KB an object
    objects = [
        {"auditionDate": f"2025-{n % 12 + 1:02d}-{n % 28 + 1:02d}", "projectName": f"Show {n}", "memo": note}
        for n in range(2000)
    ]
    fmt = "jsonl" if shape == "lines" else "json"
    path = tmp_path / f"big.{fmt}"
    if shape == "lines":
        path.write_text("".join(json.dumps(o) + "\n" for o in objects))
    else:
        path.write_text(json.dumps(objects if shape == "list" else {"exportedAt": "x", "auditions": objects}))
    size = path.stat().st_size
    small = tmp_path / f"small.{fmt}"
    small.write_text(json.dumps([{"auditionDate": "2025-01-02", "projectName": "A", "memo": "x"}]))
    count, held, before, during = reading_memory(path, fmt, TODAY, small, "json")
    assert count == 2000 and size > 8_000_000
    assert before < size / 10, (before, size)
    assert during - held < size / 20, (during, held, size)


def whole_lines(text: str):
    """What items gave for JSON Lines when it read the file whole."""
    found: list = []
    for n, line in enumerate(text.split("\n"), 1):
        if line.strip():
            found.append((len(found) + 1, json_file._parse_line(line, n, len(found) + 1)))
    return found


def test_another_apps_json_lines_are_read_a_line_at_a_time_as_the_whole_file(tmp_path):
    rnd = random.Random(2)
    path = tmp_path / "app.jsonl"
    ends = ["\n", "\r\n", "\n\n", "\n \t\n"]
    for _ in range(40):
        objects = [
            {"projectName": f"Show {n}", "note": rnd.choice(["a\u2028b", "x\ry", "é"])} for n in range(5)
        ]
        text = "".join(json.dumps(o, ensure_ascii=rnd.random() < 0.5) + rnd.choice(ends) for o in objects)
        text = text.rstrip("\n") if rnd.random() < 0.3 else text
        bom = rnd.choice([b"", b"\xef\xbb\xbf"])
        path.write_bytes(bom + text.encode("utf-8"))
        found, outside, key = json_file.items(path, "jsonl")
        assert not isinstance(found, list)
        assert (list(found), outside, key) == (whole_lines(text), [], None)
        assert list(found) == whole_lines(text)  # again, from the file
    path.write_text('{"a": 1}\n\n{"a": 2\n{"a": 3}\n')
    with pytest.raises(ImportRowsError) as caught:
        list(json_file.items(path, "jsonl")[0])
    with pytest.raises(ImportRowsError) as whole:
        whole_lines(path.read_text())
    assert (
        caught.value.problems
        == whole.value.problems
        == [(2, "", "line 3: Expecting ',' delimiter: line 1 column 8 (char 7)")]
    )


def test_callbacks_own_records_under_a_key_stream_too(tmp_path):
    own = [{"date": f"2025-01-{n % 28 + 1:02d}", "project": f"Show {n}", "tags": ["x"]} for n in range(30)]
    path = tmp_path / "export.json"
    path.write_text(json.dumps({"exportedAt": "2026-01-01", "auditions": own}))
    records, report = importing.stream(path, "json", TODAY)
    assert iter(records) is records  # a generator, not a list
    whole, whole_report = importing.read(path, "json", TODAY)
    assert [(r.row, r.values, r.tags) for r in records] == [(r.row, r.values, r.tags) for r in whole]
    assert (
        report.warnings
        == whole_report.warnings
        == ["read the list under 'auditions'; not read: 'exportedAt' (about the file)"]
    )
    assert report.columns == {"date": "date", "project": "project", "tags": "tags"}
    own[-1]["date"] = "2025-02-30"
    path.write_text(json.dumps({"auditions": own}))
    records, _ = importing.stream(path, "json", TODAY)
    with pytest.raises(ImportRowsError) as caught:
        list(records)
    assert [(n, col) for n, col, _ in caught.value.problems] == [(30, "date")]


# ---- the real command, the real journal ------------------------------------------------------
def app_export(n: int) -> list[dict]:
    return [
        {
            "date": f"2025-01-{i % 28 + 1:02d}",
            "projectName": f"Show {i}",
            "castingDirector": "Jane Doe",
            "status": "Booked!" if i % 5 == 0 else "Submitted",
            "favoriteSnack": "nuts",
        }
        for i in range(n)
    ]


def test_another_apps_long_json_previews_imports_and_tells_what_it_did_not_read(
    cli, tmp_path, small_batches, monkeypatch
):
    monkeypatch.setattr(json_file, "_CHUNK", 64)
    path = tmp_path / "app.json"
    path.write_text(json.dumps({"exportedAt": "2026-01-01", "auditions": app_export(30), "version": 2}))
    cli.add("Before")
    preview = cli.json("import", path, "--dry-run")
    assert preview["new"] == 30
    assert preview["columns"] == {
        "date": "date",
        "projectName": "project",
        "castingDirector": "casting",
        "status": "status",
        "favoriteSnack": None,
    }
    assert preview["values"]["status"] == {"Booked!": "booked", "Submitted": "no outcome yet"}
    assert preview["warnings"] == [
        "read the list under 'auditions'; not read: 'exportedAt', 'version' (about the file)"
    ]
    assert cli.rows("SELECT count(*) n FROM auditions")[0]["n"] == 1  # a dry run writes nothing
    summary = cli.json("import", path)
    assert {k: summary[k] for k in ("new", "columns", "values", "warnings")} == {
        k: preview[k] for k in ("new", "columns", "values", "warnings")
    }
    booked = cli.rows("SELECT project FROM auditions WHERE status = 'booked' ORDER BY id")
    assert [r["project"] for r in booked] == [f"Show {i}" for i in range(0, 30, 5)]
    assert cli.rows("SELECT DISTINCT casting FROM auditions WHERE project != 'Before'") == [
        {"casting": "Jane Doe"}
    ]
    before = cli("export", "--jsonl").stdout
    again = cli.json("import", path)
    assert (again["new"], again["updated"]) == (0, 0)
    assert cli("export", "--jsonl").stdout == before


def test_another_apps_long_json_with_bad_objects_imports_nothing_and_names_every_one(
    cli, tmp_path, small_batches, monkeypatch
):
    monkeypatch.setattr(json_file, "_CHUNK", 64)
    cli.add("Before")
    objects = app_export(30)
    objects[3]["date"] = "2025-02-30"
    objects[-1]["status"] = "Maybe later"
    path = tmp_path / "app.json"
    path.write_text(json.dumps(objects))
    err = cli("import", path, code=2).stderr
    assert err.startswith("Error: 2 bad rows; nothing was imported")
    assert "row 4, column date" in err and "row 30, column status" in err
    assert [r["project"] for r in cli.rows("SELECT project FROM auditions")] == ["Before"]
    path.write_text(json.dumps(objects[:2] + ["not an object"] + objects[4:29]))
    err = cli("import", path, code=2).stderr
    assert "row 3: expected an object with the audition's fields" in err
    path.write_text(json.dumps({"auditions": objects[:5]})[:-2])  # cut off
    err = cli("import", path, code=2).stderr
    assert err.startswith(f"Error: {path} is not valid JSON (Expecting ',' delimiter: line 1 column")
    assert cli.rows("SELECT count(*) n FROM auditions")[0]["n"] == 1


def test_another_apps_json_under_its_only_list_reads_with_a_map(cli, tmp_path, small_batches):
    objects = [{"k1": f"2025-03-{i + 1:02d}", "k2": f"Show {i}", "result": "Ghosted"} for i in range(12)]
    path = tmp_path / "app.json"
    path.write_text(json.dumps({"data": objects}))
    summary = cli.json("import", path, "--map", "k1=date", "--map", "k2=project")
    assert summary["new"] == 12 and summary["values"]["status"] == {"Ghosted": "no-response"}
    with pytest.raises(BadInput, match="needs a 'date' and a 'project' column"):  # no map
        list(importing.stream(path, "json", TODAY)[0])


def test_another_apps_long_json_lines_import_or_name_the_bad_line(cli, tmp_path, small_batches):
    path = tmp_path / "app.jsonl"
    lines = [json.dumps(o) for o in app_export(30)]
    path.write_text("\n".join(lines[:29] + ['{"date": "2025-01-02", "projectName": "Cut']) + "\n")
    err = cli("import", path, code=2).stderr
    assert err.startswith("Error: the file is not valid JSON Lines") and "row 30: line 30: " in err
    assert not cli.path.exists() or cli.rows("SELECT count(*) n FROM auditions")[0]["n"] == 0
    path.write_text("\n".join(lines) + "\n")
    summary = cli.json("import", path)
    assert summary["new"] == 30 and summary["columns"]["favoriteSnack"] is None
    assert cli.rows("SELECT count(*) n FROM auditions WHERE status = 'booked'")[0]["n"] == 6
