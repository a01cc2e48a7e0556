"""The family's pages: add family by national id, sign and withdraw
consent, My logs, the pages for families, the language switcher.
"""
