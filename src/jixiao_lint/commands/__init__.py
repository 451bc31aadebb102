"""What each command line does: lint (the default), test-rules, import, schema."""
