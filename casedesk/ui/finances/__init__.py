"""The Finances tab: the expense ledger, invoices, the settlement statement and the trust account."""
