"""The medical-record index: providers, requests, documents, record index, bills, liens, chronology."""
