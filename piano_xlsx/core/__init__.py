"""The plan and its rules: model, vocabulary, targets, values, settings, scoring, checks, history, comparison. No file I/O."""
