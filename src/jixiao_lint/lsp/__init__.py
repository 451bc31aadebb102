"""`jixiao-lint server`: the Language Server Protocol server (pygls), with the CLI's engine, configuration
discovery and rule packs. server.py wires the protocol; profiles.py finds each document's configuration;
positions.py converts the findings' code-point columns to the client's units; actions.py builds the
fixes and suppressions; assist.py answers hovers and completions from the schema and the lexicons."""
