"""Committee briefing pages and the files (PDF, Word) built from them in the background."""
