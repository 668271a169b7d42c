import json
from pathlib import Path

import pytest
from builders import ROOT, SEED
from click.testing import CliRunner

from toolkit.cli import cli

TSV = (
    "fa\ten\tru\tpos\n"
    "وزارت ارتباطات و فناوری اطلاعات\tMinistry of ICT\tМинистерство ИКТ\t\n"
    "تفاهم‌نامه\tmemorandum of understanding|MoU\tмеморандум о взаимопонимании\t\n"
    "قرارداد\tcontract\tконтракт\t\n"
    "ایران\tIran\tИран\tpropn\n"
)


@pytest.fixture
def glossary(tmp_path: Path) -> Path:
    path = tmp_path / "g.tsv"
    path.write_text(TSV, encoding="utf-8")
    return path


def run(args: list[str], stdin: bytes | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, args, input=stdin)
    return result.exit_code, result.stdout, result.stderr


def test_check_clean_and_json(glossary: Path) -> None:
    code, out, err = run(["glossary", "check", str(glossary)])
    assert code == 0 and out == "" and "4 terms, 0 errors" in err
    code, out, _ = run(["glossary", "check", str(glossary), "--format", "json"])
    assert code == 0 and json.loads(out)["errors"] == 0


def test_check_reports_file_line_and_exits_4(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text("fa\ten\tru\nقرارداد\t\tконтракт\n", encoding="utf-8")
    code, out, _ = run(["glossary", "check", str(bad)])
    assert code == 4
    assert out.strip() == f"{bad}:2: error: empty en cell"


def test_match_json_offsets_point_into_input(glossary: Path) -> None:
    code, out, _ = run(
        ["glossary", "match", str(SEED), "--glossary", str(glossary), "--format", "json"]
    )
    assert code == 0
    text = SEED.read_text(encoding="utf-8")
    matches = json.loads(out)["matches"]
    assert matches
    for m in matches:
        assert set(m) == {"line", "start", "end", "text", "term"}
        assert text[m["start"] : m["end"]] == m["text"]
        assert text.count("\n", 0, m["start"]) + 1 == m["line"]
    assert {"تفاهم‌نامه", "قرارداد", "ایران", "وزارت ارتباطات و فناوری اطلاعات"} <= {
        m["term"] for m in matches
    }


def test_match_target_language(glossary: Path) -> None:
    code, out, _ = run(
        ["glossary", "match", "-", "-g", str(glossary), "--lang", "en", "--format", "json"],
        stdin=b"Two memoranda of understanding and an MoU.",
    )
    assert code == 0
    assert [(m["text"], m["term"]) for m in json.loads(out)["matches"]] == [
        ("memoranda of understanding", "memorandum of understanding"),
        ("MoU", "memorandum of understanding"),
    ]


@pytest.mark.parametrize("ext", ["csv", "tbx", "json"])
def test_convert_round_trip(glossary: Path, tmp_path: Path, ext: str) -> None:
    out_path = tmp_path / f"g.{ext}"
    back = tmp_path / f"back-{ext}.tsv"
    assert run(["glossary", "convert", str(glossary), str(out_path)])[0] == 0
    assert run(["glossary", "convert", str(out_path), str(back)])[0] == 0
    assert back.read_text(encoding="utf-8") == TSV


def test_convert_refuses_to_overwrite(glossary: Path, tmp_path: Path) -> None:
    out_path = tmp_path / "g.json"
    out_path.write_text("keep", encoding="utf-8")
    code, _, err = run(["glossary", "convert", str(glossary), str(out_path)])
    assert code == 6 and "--force" in err  # output not written, not a bad glossary
    assert len(err.strip().splitlines()) == 1
    assert out_path.read_text(encoding="utf-8") == "keep"
    assert run(["glossary", "convert", str(glossary), str(out_path), "--force"])[0] == 0
    assert json.loads(out_path.read_text(encoding="utf-8"))["format"] == "toolkit-glossary"


def test_convert_onto_a_directory_is_one_line_exit_6(glossary: Path, tmp_path: Path) -> None:
    target = tmp_path / "d.json"
    target.mkdir()
    code, _, err = run(["glossary", "convert", str(glossary), str(target), "--force"])
    assert code == 6 and len(err.strip().splitlines()) == 1 and target.is_dir()


def test_show_lists_every_term(glossary: Path) -> None:
    code, out, _ = run(["glossary", "show", str(glossary)])
    assert code == 0
    assert len(out.strip().splitlines()) == 5
    assert "memorandum of understanding | MoU" in out


def test_hostile_tbx_is_one_line_error(tmp_path: Path) -> None:
    bad = tmp_path / "g.tbx"
    bad.write_text('<?xml version="1.0"?><!DOCTYPE m [<!ENTITY x "x">]><martif/>', encoding="utf-8")
    code, _, err = run(["glossary", "match", str(SEED), "-g", str(bad)])
    assert code == 4
    assert "refused" in err and len(err.strip().splitlines()) == 1


def test_check_strict_fails_on_warnings(tmp_path: Path) -> None:
    path = tmp_path / "g.tsv"
    path.write_text("fa\ten\tru\nقرارداد\tcontract \tконтракт\n", encoding="utf-8")
    assert run(["glossary", "check", str(path)])[0] == 0
    code, out, _ = run(["glossary", "check", str(path), "--strict"])
    assert code == 4 and "warning: leading or trailing spaces" in out


def test_match_text_offsets_are_within_the_line(glossary: Path) -> None:
    code, out, _ = run(["glossary", "match", str(SEED), "--glossary", str(glossary)])
    assert code == 0
    lines = SEED.read_text(encoding="utf-8").splitlines()
    rows = [row.split("\t") for row in out.splitlines()]
    assert rows
    for where, surface, _term in rows:
        line, span = where.split(":")
        start, end = map(int, span.split("-"))
        assert lines[int(line) - 1][start:end] == surface


def test_match_with_and_without_the_index_agree(
    glossary: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from toolkit.glossary import cache

    monkeypatch.setattr(cache, "MIN_TERMS", 1)  # index this small glossary too
    monkeypatch.setenv("TOOLKIT_HOME", str(tmp_path / "home"))
    args = ["glossary", "match", str(SEED), "-g", str(glossary)]
    plain = run([*args, "--no-index"])
    assert plain[0] == 0 and plain[1]
    assert not (tmp_path / "home").exists()
    assert run(args) == plain  # writes the index
    assert sorted(p.name.split("-")[0] for p in (tmp_path / "home" / "glossary").iterdir()) == [
        "glossary",
        "source",
    ]
    assert run(args) == plain  # reads it


def test_check_lists_errors_first_each_severity_in_line_order(tmp_path: Path) -> None:
    path = tmp_path / "g.tsv"
    path.write_text(
        "fa\ten\tru\nقرارداد\t\tконтракт\nما\twe\tмы\nقرارداد\tcontract \tконтракт\n",
        encoding="utf-8",
    )
    code, out, err = run(["glossary", "check", str(path)])
    assert code == 4
    assert [line.split(": ", 2)[0:2] for line in out.splitlines()] == [
        [f"{path}:2", "error"],
        [f"{path}:4", "error"],
        [f"{path}:3", "warning"],
        [f"{path}:4", "warning"],
    ]
    assert "3 terms, 2 errors, 2 warnings, 0 info (from 3 data lines)" in err


def test_check_counts_every_row_of_a_tsv_with_a_stray_quote(tmp_path: Path) -> None:
    rows = [f"ترم{i}\tterm {i}\tтермин {i}\t" for i in range(92)]
    rows[2] += '"Mehr" says so'
    rows[3] += '"never closed'
    path = tmp_path / "g.tsv"
    path.write_text("fa\ten\tru\tnote\n" + "\n".join(rows) + "\n", encoding="utf-8")
    code, out, err = run(["glossary", "check", str(path)])
    assert code == 0 and out == ""
    assert "92 terms, 0 errors, 0 warnings, 0 info (from 92 data lines)" in err
    code, out, _ = run(["glossary", "check", str(path), "--format", "json"])
    assert (json.loads(out)["terms"], json.loads(out)["lines"]) == (92, 92)


def test_check_nesting_is_info_and_strict_ignores_it(tmp_path: Path) -> None:
    path = tmp_path / "g.tsv"
    path.write_text(
        "fa\ten\tru\nوزارت\tministry\tминистерство\n"
        "وزارت ارتباطات\tMinistry of Communications\tМинистерство связи\n",
        encoding="utf-8",
    )
    code, out, err = run(["glossary", "check", str(path), "--strict"])
    assert code == 0 and out.startswith(f"{path}:3: info: 'وزارت' (line 2) occurs inside")
    assert "0 warnings, 1 info" in err
    code, out, _ = run(["glossary", "check", str(path), "--format", "json", "--strict"])
    report = json.loads(out)
    assert code == 0 and (report["warnings"], report["info"]) == (0, 1)
    assert [f["severity"] for f in report["findings"]] == ["info"]


def test_check_warns_of_formula_cells_and_convert_neutralises_them(tmp_path: Path) -> None:
    path = tmp_path / "g.tsv"
    path.write_text(
        'fa\ten\tru\nقرارداد\t=HYPERLINK("http://x","y")\tконтракт\nهیأت\tdelegation\t-делегация\n',
        encoding="utf-8",
    )
    code, out, _ = run(["glossary", "check", str(path)])
    assert code == 0  # a warning, not an error: a rendering may start with a hyphen
    assert [line.split(": ")[1] for line in out.splitlines()] == ["warning", "warning"]
    assert "starts with '='" in out and "starts with '-'" in out
    assert run(["glossary", "check", str(path), "--strict"])[0] == 4
    csv_path = tmp_path / "g.csv"
    assert run(["glossary", "convert", str(path), str(csv_path)])[0] == 0
    assert csv_path.read_text(encoding="utf-8").splitlines()[1:] == [
        'قرارداد,"\'=HYPERLINK(""http://x"",""y"")",контракт',
        "هیأت,delegation,'-делегация",
    ]
    back = tmp_path / "back.tsv"
    assert run(["glossary", "convert", str(csv_path), str(back)])[0] == 0
    assert back.read_text(encoding="utf-8") == path.read_text(encoding="utf-8")


def test_check_csv_line_numbers_after_a_multi_line_cell(tmp_path: Path) -> None:
    path = tmp_path / "g.csv"
    path.write_text('fa,en,ru\nالف,a,а\nب,"Mos\ncow",Москва\nپ,c,с\nت,,т\n', encoding="utf-8")
    code, out, _ = run(["glossary", "check", str(path)])
    assert code == 4
    errors = [line.split(": ")[0] for line in out.splitlines() if ": error: " in line]
    assert errors == [f"{path}:3", f"{path}:6"]  # not 5: line 6 is the file's sixth line


def test_a_stray_quote_in_the_shipped_glossary_loses_no_match(tmp_path: Path) -> None:
    """B5: a note starting with a quote made the TSV reader swallow the rest of the file,
    so a run found one term where the seed has dozens."""
    shipped = ROOT / "glossaries" / "iran-russia-ict.tsv"
    lines = shipped.read_text(encoding="utf-8").splitlines(keepends=True)
    cells = lines[3].split("\t")
    cells[3] = '"' + cells[3]  # the note of the third entry
    lines[3] = "\t".join(cells)
    quoted = tmp_path / "quoted.tsv"
    quoted.write_text("".join(lines), encoding="utf-8")

    def matches(path: Path) -> list[dict[str, object]]:
        code, out, _ = run(["glossary", "match", str(SEED), "-g", str(path), "--format", "json"])
        assert code == 0
        found: list[dict[str, object]] = json.loads(out)["matches"]
        return found

    assert len(matches(shipped)) > 20
    assert matches(quoted) == matches(shipped)
