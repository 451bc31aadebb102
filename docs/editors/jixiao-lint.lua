-- jixiao-lint's language server for form files, in Neovim (0.7 and later); see docs/editors.md.
-- Put this in your init.lua (or `dofile` it from there). It needs `jixiao-lint` on PATH.
vim.api.nvim_create_autocmd("FileType", {
  pattern = "yaml",
  callback = function(args)
    local config = {
      name = "jixiao-lint",
      cmd = { "jixiao-lint", "server" },
      -- Each form's configuration is found from the form itself, as the CLI finds it;
      -- the root only decides how file names are shown.
      root_dir = vim.fn.getcwd(),
    }
    if vim.lsp.start then -- Neovim 0.8 and later: reuses the running server
      vim.lsp.start(config, { bufnr = args.buf })
    else -- Neovim 0.7
      _G.jixiao_lint_client = _G.jixiao_lint_client or vim.lsp.start_client(config)
      vim.lsp.buf_attach_client(args.buf, _G.jixiao_lint_client)
    end
  end,
})
