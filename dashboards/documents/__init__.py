"""Documents the working group hands in: the check of a proposal and the brief, as .docx."""
