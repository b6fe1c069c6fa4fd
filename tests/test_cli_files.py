"""Nothing lost on disk: output is written atomically, keeps its mode, and a failure leaves the old file."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest
from conftest import REPO
from test_cli import CFN, DATA, OPENAPI, cli

from apigw_convert.files import write_atomic


def _fail(exc: BaseException):  # type: ignore[no-untyped-def]
    def raiser(*args: object, **kwargs: object) -> None:
        raise exc

    return raiser


def test_new_file_gets_the_umask_mode(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        write_atomic(tmp_path / "new.txt", "text\n")
    finally:
        os.umask(old)
    assert (tmp_path / "new.txt").read_text(encoding="utf-8") == "text\n"
    assert stat.S_IMODE((tmp_path / "new.txt").stat().st_mode) == 0o640


def test_existing_file_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "out.yaml"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o600)
    write_atomic(target, "new\n")
    assert target.read_text(encoding="utf-8") == "new\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_symlink_keeps_pointing_at_the_replaced_file(tmp_path: Path) -> None:
    real = tmp_path / "real.yaml"
    real.write_text("old\n", encoding="utf-8")
    link = tmp_path / "link.yaml"
    link.symlink_to(real)
    write_atomic(link, "new\n")
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8") == "new\n"


def test_a_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(IsADirectoryError):
        write_atomic(tmp_path, "text")
    assert list(tmp_path.iterdir()) == []


def test_missing_directory_names_the_target(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError) as caught:
        write_atomic(tmp_path / "no" / "out.yaml", "text")
    assert caught.value.filename == str(tmp_path / "no" / "out.yaml")


@pytest.mark.parametrize(("where", "exc"), [
    ("os.replace", OSError(errno.EXDEV, "Invalid cross-device link")),
    ("os.fsync", OSError(errno.ENOSPC, "No space left on device")),
    ("os.chmod", PermissionError(errno.EPERM, "Operation not permitted")),
])
def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                              where: str, exc: OSError) -> None:
    target = tmp_path / "out.yaml"
    target.write_text("old\n", encoding="utf-8")
    monkeypatch.setattr(f"apigw_convert.files.{where}", _fail(exc))
    with pytest.raises(OSError):
        write_atomic(target, "new\n")
    assert target.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.yaml"]


@pytest.mark.parametrize(("where", "exc", "code"), [
    ("apigw_convert.files.os.replace", OSError(errno.EXDEV, "Invalid cross-device link"), 1),
    ("apigw_convert.files.os.fsync", OSError(errno.ENOSPC, "No space left on device"), 1),
    ("apigw_convert.files.os.replace", KeyboardInterrupt(), 130),
    ("apigw_convert.cli._convert.dump", KeyboardInterrupt(), 130),
], ids=["rename-fails", "disk-full", "ctrl-c-before-rename", "ctrl-c-while-serializing"])
def test_cli_failure_mid_write_keeps_the_old_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str,
                                                    exc: BaseException, code: int) -> None:
    out = tmp_path / "out.yaml"
    out.write_text("old\n", encoding="utf-8")
    monkeypatch.setattr(where, _fail(exc))
    result = cli("cfn2swagger", CFN, "-o", out)
    assert result.code == code
    assert len(result.lines) == 1 and "Traceback" not in result.err
    if code == 1:
        assert result.lines[0] == f"apigw-convert cfn2swagger: {out}: {exc.strerror}"  # type: ignore[attr-defined]
    assert out.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.yaml"]


def test_cli_keeps_the_mode_of_an_existing_output(tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    out.write_text("old\n", encoding="utf-8")
    out.chmod(0o640)
    assert cli("swagger2cfn", OPENAPI, "-o", out).code == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o640
    assert out.read_text(encoding="utf-8").startswith("{")


def test_report_is_written_even_when_the_output_cannot_be(tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    result = cli("swagger2cfn", OPENAPI, "-o", tmp_path / "missing" / "out.json", "--report", report)
    assert result.code == 1
    assert report.is_file()


def test_devices_and_pipes_are_written_into_not_replaced(tmp_path: Path) -> None:
    """-o /dev/null must not replace the device with a file; a named pipe gets the output."""
    import threading

    result = cli("cfn2swagger", CFN, "-o", os.devnull, "--report", os.devnull)
    assert result.code == 0
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    result = cli("cfn2swagger", CFN, "-o", fifo)
    reader.join(timeout=30)
    assert result.code == 0 and stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert received and received[0].startswith(b"type: ")


def test_in_place_refuses_to_drop_comments_unless_told(tmp_path: Path) -> None:
    template = tmp_path / "commented.yaml"
    text = (DATA / "api.template.yaml").read_text(encoding="utf-8")
    template.write_text("# owned by the orders team\n" + text.replace("Resources:", "Resources:  # the API\n", 1)
                        + "# end\n", encoding="utf-8")
    before = template.read_text(encoding="utf-8")
    result = cli("cfn2swagger", "--embed", "--in-place", template)
    assert result.code == 2 and "drop the 3 comment lines" in result.err
    assert template.read_text(encoding="utf-8") == before
    assert cli("cfn2swagger", "--embed", "--in-place", "--drop-comments", template).code == 0
    assert "#" not in template.read_text(encoding="utf-8").split("Body:")[0]
    assert cli("cfn2swagger", "--drop-comments", DATA / "api.template.yaml").code == 2


def test_mapping_template_lines_are_not_comments() -> None:
    from apigw_convert.cli._comments import comment_lines

    text = "a: 1 # yes\nb: |\n  #set($x = 1)\n  text # no\nc: 'x # no'\nd: x#no\n# yes\n"
    assert comment_lines(text) == 2


def test_the_input_limit_is_an_option_and_the_output_says_when_it_exceeds_it(tmp_path: Path) -> None:
    template = REPO / "examples" / "petstore.template.yaml"
    size = template.stat().st_size
    refused = cli("cfn2swagger", template, "--max-input-size", str(size - 1))
    assert refused.code == 1 and "input-too-large" in refused.err and "--max-input-size" in refused.err
    out = tmp_path / "embedded.yaml"
    done = cli("cfn2swagger", "--embed", template, "-o", out, "--max-input-size", str(size), "--on-loss", "ignore")
    written = out.stat().st_size
    assert done.code == 0 and written > size
    assert done.lines == [f"apigw-convert cfn2swagger: note: {out} is {written} bytes, more than the input limit of "
                          f"{size} bytes; read it back with --max-input-size {written}"]
    assert cli("validate", out, "--max-input-size", str(written - 1)).code == 1
    assert cli("validate", out, "--max-input-size", str(written)).code == 0
    assert cli("diff", out, out, "--max-input-size", "1K").code == 1
    assert cli("validate", out, "--max-input-size", "1.5M").code == 2
