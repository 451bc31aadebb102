-- Run by test_neovim.py: nvim --headless -u docs/editors/jixiao-lint.lua FORM -c "luafile THIS".
-- Waits for the diagnostics, applies the preferred quick fix through Neovim's own LSP client (its
-- own UTF-16 conversion), waits for the diagnostics to clear, and writes what it saw to $CHECK_OUT.
local out = {}
local function say(s) table.insert(out, s) end
local function finish()
  vim.fn.writefile(out, vim.env.CHECK_OUT)
  vim.cmd("qa!")
end

if not vim.wait(30000, function() return #vim.diagnostic.get(0) > 0 end, 20) then
  say("no diagnostics")
  return finish()
end
for _, d in ipairs(vim.diagnostic.get(0)) do
  local line = vim.api.nvim_buf_get_lines(0, d.lnum, d.lnum + 1, false)[1]
  local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
  say(string.format("diagnostic %d:%d %s %s [%s]", d.lnum, d.col, code, d.message, line:sub(d.col + 1, d.end_col)))
end

-- The cursor on the finding, as a user puts it there; Neovim converts its byte column to UTF-16.
local d = vim.diagnostic.get(0)[1]
vim.api.nvim_win_set_cursor(0, { d.lnum + 1, d.col })
local client = vim.lsp.get_active_clients()[1]
local hover = vim.lsp.buf_request_sync(0, "textDocument/hover", vim.lsp.util.make_position_params(), 10000)
for _, response in pairs(hover or {}) do
  say("hover " .. vim.split(response.result.contents.value, "\n")[1])
end
local params = vim.lsp.util.make_range_params()
params.context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics() }
local answers = vim.lsp.buf_request_sync(0, "textDocument/codeAction", params, 10000)
for _, response in pairs(answers or {}) do
  for _, action in ipairs(response.result or {}) do
    say("action " .. action.title .. (action.isPreferred and " (preferred)" or ""))
    if action.isPreferred then
      vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding)
    end
  end
end
say("line " .. vim.api.nvim_buf_get_lines(0, d.lnum, d.lnum + 1, false)[1])
say("cleared " .. tostring(vim.wait(30000, function() return #vim.diagnostic.get(0) == 0 end, 20)))
finish()
