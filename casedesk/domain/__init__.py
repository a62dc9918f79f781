"""Pure-Python domain: value types, rules and calculations. Imports nothing else from casedesk."""
