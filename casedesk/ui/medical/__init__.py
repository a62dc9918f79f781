"""The medical-record index: providers, requests, documents, the record index, bills, liens, the chronology, search."""
