"""reportlab documents: badges, postcards, blank commitment cards, the day report."""
