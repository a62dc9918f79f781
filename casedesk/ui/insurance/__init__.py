"""The Insurance tab: policies and claims, the negotiation of each claim, and letters."""
