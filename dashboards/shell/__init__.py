"""The shell around every page: header, navigation, filters, and the export buttons of every card."""
