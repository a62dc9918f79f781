"""The Valuation tab: a case's figures, its scenarios side by side, and their printout."""
