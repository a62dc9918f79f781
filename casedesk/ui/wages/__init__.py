"""A case's lost wages: the records, their total, and the form that computes the amount as typed."""
