"""From outcomes to files: the workbook written back, summary sheets, split files, e-mail, template, text/JSON report."""
