"""Reading PDFs back in tests: text, XMP, fonts (``read``), and PDFBox Preflight (``preflight``)."""
