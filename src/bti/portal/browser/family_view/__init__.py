"""The family's side: My logs, the pages for families, the language switcher."""
