"""The contacts book window, the contact dialogs, and a case's contacts panel."""
