"""The case list, the case dialogs and the case overview."""
