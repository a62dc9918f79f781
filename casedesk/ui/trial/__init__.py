"""The Trial tab: exhibits, witnesses, Bates numbering and productions, and the trial binder."""
