"""The Neovim set-up of docs/editors.md (docs/editors/jixiao-lint.lua), run in a headless Neovim:
it starts the server, gets the diagnostic on the right character after 𠀀, and its quick fix clears it.
Skipped where Neovim is not installed (Debian: `apt-get install neovim`)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from test_lsp_server import ASTRAL_LINE, FORM

REPO = Path(__file__).resolve().parents[2]
NVIM = shutil.which("nvim")


@pytest.mark.skipif(NVIM is None, reason="Neovim is not installed")
def test_neovim_config_starts_the_server_and_applies_the_fix(tmp_path: Path) -> None:
    (tmp_path / "form.yaml").write_text(FORM, encoding="utf-8")
    out = tmp_path / "nvim.out"
    environment = {**os.environ, "CHECK_OUT": str(out), "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
                   "XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_DATA_HOME": str(tmp_path / "data"),
                   "XDG_STATE_HOME": str(tmp_path / "state")}
    subprocess.run([NVIM, "--headless", "-u", str(REPO / "docs" / "editors" / "jixiao-lint.lua"), "form.yaml",
                    "-c", f"luafile {Path(__file__).with_name('neovim_check.lua')}"],
                   cwd=tmp_path, env=environment, timeout=90, check=False, capture_output=True)
    byte_column = len(ASTRAL_LINE[:ASTRAL_LINE.index(">=")].encode("utf-8"))  # Neovim counts bytes
    assert out.read_text(encoding="utf-8").splitlines() == [
        f"diagnostic 5:{byte_column} E001 运算符写法不规范：`>=` 应写作 `≥` [>=]",
        "hover # E001 noncanonical-operator",
        "action 修复 E001：改为“≥” (preferred)",
        "action 在此行禁用 E001（noncanonical-operator）",
        "action 修复所有可安全修复的问题（1 处）",
        "line " + ASTRAL_LINE.replace('">= 50"', '"≥ 50"'),
        "cleared true",
    ]


def test_the_documented_lua_is_the_checked_file() -> None:
    documented = (REPO / "docs" / "editors.md").read_text(encoding="utf-8").split("```lua\n")[1].split("```")[0]
    checked = (REPO / "docs" / "editors" / "jixiao-lint.lua").read_text(encoding="utf-8")
    assert "\n".join(line for line in checked.splitlines() if not line.startswith("-- ")) + "\n" == documented
